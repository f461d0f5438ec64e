'use client';
/** Shown while steps are selected on the canvas: what can be done with them together. */
import { Repeat } from 'lucide-react';
import { plural } from '../../../lib/format';
import { Button } from '../../../components/button';

interface SelectionBarProps {
  count: number;
  onRepeat: () => void;
}

export function SelectionBar({ count, onRepeat }: SelectionBarProps) {
  if (count === 0) return null;
  return (
    <div
      role="toolbar"
      aria-label="Selected steps"
      className="pointer-events-auto absolute bottom-4 left-1/2 z-10 flex -translate-x-1/2 items-center gap-2 rounded-md border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs text-slate-700 shadow-sm"
    >
      <span>{plural(count, 'step')} selected</span>
      <Button
        size="sm"
        onClick={onRepeat}
        title="Put a “Repeat until” step in their place: it runs them again and again, each round with the last round's items, until a condition holds"
      >
        <Repeat aria-hidden className="size-3.5" /> {count === 1 ? 'Repeat this step until…' : 'Repeat these steps until…'}
      </Button>
    </div>
  );
}

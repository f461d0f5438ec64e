'use client';
/**
 * "Check before use": an import left parts out that may change results. Shown above the canvas
 * until someone who may edit marks the workflow as checked (saved without the mark).
 */
import { TriangleAlert } from 'lucide-react';
import { Button } from '../../../components/button';

interface CheckBannerProps {
  reasons: string[];
  /** Absent for people who may only view. */
  onChecked?: () => void;
}

export function CheckBanner({ reasons, onChecked }: CheckBannerProps) {
  return (
    <div
      role="status"
      data-testid="check-before-use"
      className="flex items-start gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950"
    >
      <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        <p className="font-medium">Check before use: this workflow was imported with parts that could not be carried over exactly.</p>
        <details className="mt-1">
          <summary className="cursor-pointer">What to check ({reasons.length})</summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
        </details>
      </div>
      {onChecked && <Button onClick={onChecked}>Mark as checked</Button>}
    </div>
  );
}

'use client';
/**
 * "Pick on page": the live page (pictures from a browser on the server) in a dialog. Pointing
 * outlines an element; clicking proposes a selector for it, says how many elements it matches
 * and puts it in the field. "Record" instead clicks and types on the page and turns each action
 * into a Browser step added after this one.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { useTRPC } from '../../../lib/trpc';
import type { PickerStep } from '../lib/picker-context';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Picked {
  selector: string;
  count: number;
  box: Box;
  description: string;
  typable: boolean;
}

interface PickerDialogProps {
  open: boolean;
  onClose: () => void;
  steps: PickerStep[];
  /** The field's label, for the title. */
  fieldLabel: string;
  onPick: (selector: string) => void;
  onRecorded: (steps: PickerStep[]) => void;
}

const HOVER_EVERY_MS = 150;
const FRAME_EVERY_MS = 700;

function matches(count: number): string {
  if (count === 0) return 'matches no element right now';
  return count === 1 ? 'matches exactly 1 element' : `matches ${count} elements (the first is used)`;
}

export function PickerDialog({ open, onClose, steps, fieldLabel, onPick, onRecorded }: PickerDialogProps) {
  const trpc = useTRPC();
  const start = useMutation(trpc.picker.start.mutationOptions());
  const frame = useMutation(trpc.picker.frame.mutationOptions());
  const hover = useMutation(trpc.picker.hover.mutationOptions());
  const pick = useMutation(trpc.picker.pick.mutationOptions());
  const click = useMutation(trpc.picker.click.mutationOptions());
  const type = useMutation(trpc.picker.type.mutationOptions());
  const close = useMutation(trpc.picker.close.mutationOptions());
  const [image, setImage] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [hovered, setHovered] = useState<{ box: Box; description: string } | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [mode, setMode] = useState<'pick' | 'record'>('pick');
  const [recorded, setRecorded] = useState<PickerStep[]>([]);
  const [typing, setTyping] = useState('');
  const lastHover = useRef(0);
  const imgRef = useRef<HTMLImageElement>(null);
  const session = start.data;

  // Open the page when the dialog opens; close it on the server when the dialog closes.
  useEffect(() => {
    if (!open) return;
    let id: string | null = null;
    let gone = false;
    start.mutate({ steps }, { onSuccess: (s) => (gone ? close.mutate({ sessionId: s.sessionId }) : (id = s.sessionId)) });
    return () => {
      gone = true;
      if (id) close.mutate({ sessionId: id });
    };
  }, [open]);

  // Pictures, one after the other (never overlapping), while the page is open.
  useEffect(() => {
    if (!session) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      frame.mutateAsync({ sessionId: session.sessionId }).then(
        (f) => {
          if (stop) return;
          setImage(f.image);
          setAddress(f.url);
          timer = setTimeout(next, FRAME_EVERY_MS);
        },
        () => {},
      );
    };
    next();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [session?.sessionId]);

  const pointOf = (event: MouseEvent<HTMLElement>) => {
    const img = imgRef.current;
    if (!img || !session) return null;
    const rect = img.getBoundingClientRect();
    const scale = session.width / rect.width;
    return {
      sessionId: session.sessionId,
      x: Math.round((event.clientX - rect.left) * scale),
      y: Math.round((event.clientY - rect.top) * scale),
    };
  };

  const onMove = (event: MouseEvent<HTMLElement>) => {
    const now = performance.now();
    if (now - lastHover.current < HOVER_EVERY_MS || hover.isPending) return;
    lastHover.current = now;
    const point = pointOf(event);
    if (point) hover.mutate(point, { onSuccess: (found) => setHovered(found) });
  };

  const onClick = (event: MouseEvent<HTMLElement>) => {
    const point = pointOf(event);
    if (!point) return;
    if (mode === 'pick') {
      pick.mutate(point, {
        onSuccess: (found) => {
          setPicked(found);
          if (found) onPick(found.selector);
        },
      });
      return;
    }
    click.mutate(point, {
      onSuccess: (found) => {
        setPicked(found);
        setTyping('');
        if (found) setRecorded((list) => [...list, { type: 'browser-click', config: { selector: found.selector } }]);
      },
    });
  };

  const typeText = () => {
    if (!session || !picked) return;
    type.mutate(
      { sessionId: session.sessionId, selector: picked.selector, text: typing },
      {
        onSuccess: () => {
          setRecorded((list) => {
            // A click into a field followed by typing is one "type" step.
            const last = list[list.length - 1];
            const rest = last?.type === 'browser-click' && last.config.selector === picked.selector ? list.slice(0, -1) : list;
            return [...rest, { type: 'browser-type', config: { selector: picked.selector, text: typing } }];
          });
          setTyping('');
        },
      },
    );
  };

  const pct = (box: Box) =>
    session
      ? {
          left: `${(box.x / session.width) * 100}%`,
          top: `${(box.y / session.height) * 100}%`,
          width: `${(box.width / session.width) * 100}%`,
          height: `${(box.height / session.height) * 100}%`,
        }
      : {};
  const failure = start.error?.message ?? frame.error?.message ?? pick.error?.message ?? click.error?.message ?? type.error?.message;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      width="xl"
      title={`Pick “${fieldLabel}” on the page`}
      description={
        mode === 'pick'
          ? 'Point at an element to outline it; click it to put a selector for it in the field. The page is a live picture of a browser on the server, with this flow’s profile and earlier steps.'
          : 'Recording: clicks and typing happen on the page, and each becomes a Browser step added after this one.'
      }
      footer={
        <>
          {mode === 'record' && (
            <Button
              variant="primary"
              disabled={recorded.length === 0}
              onClick={() => {
                onRecorded(recorded);
                onClose();
              }}
            >
              Add {recorded.length === 1 ? '1 step' : `${recorded.length} steps`} to the canvas
            </Button>
          )}
          <Button variant={mode === 'pick' && picked ? 'primary' : 'secondary'} onClick={onClose}>
            {mode === 'pick' && picked ? 'Done' : 'Close'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="What clicking does">
          <Button
            size="sm"
            variant={mode === 'pick' ? 'primary' : 'secondary'}
            aria-pressed={mode === 'pick'}
            onClick={() => setMode('pick')}
          >
            Pick an element
          </Button>
          <Button
            size="sm"
            variant={mode === 'record' ? 'primary' : 'secondary'}
            aria-pressed={mode === 'record'}
            onClick={() => setMode('record')}
          >
            Record clicks and typing
          </Button>
          <span className="truncate text-xs text-slate-600" title={address}>
            {address || (start.isPending ? 'Opening the page…' : '')}
          </span>
        </div>
        {failure && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {failure}
          </p>
        )}
        {session && session.notes.length > 0 && (
          <ul className="list-disc rounded-md border border-amber-200 bg-amber-50 py-2 pl-7 pr-3 text-xs text-amber-900">
            {session.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        <p className="text-xs text-slate-600" aria-live="polite">
          {!hovered && !picked && session
            ? mode === 'pick'
              ? 'Click the element you mean on the picture below.'
              : 'Click on the picture below as you would on the page.'
            : ''}
          {hovered && !picked ? `Pointing at: ${hovered.description}` : ''}
          {picked && (
            <>
              {mode === 'pick' ? 'Put in the field: ' : 'Last element: '}
              <code className="rounded bg-slate-100 px-1 font-mono text-slate-900" data-testid="picked-selector">
                {picked.selector}
              </code>{' '}
              ({picked.description}) — <span data-testid="picked-count">{matches(picked.count)}</span>
            </>
          )}
        </p>
        {mode === 'record' && picked?.typable && (
          <div className="flex items-end gap-2">
            <label className="flex flex-1 flex-col gap-1 text-xs font-medium text-slate-700">
              Type into {picked.description}
              <input
                value={typing}
                onChange={(e) => setTyping(e.target.value)}
                className="h-9 rounded-md border border-slate-300 px-2 text-sm"
              />
            </label>
            <Button size="sm" onClick={typeText} disabled={type.isPending}>
              Type it
            </Button>
          </div>
        )}
        {mode === 'record' && (
          <div className="text-xs text-slate-700">
            <p className="font-medium">Recorded steps ({recorded.length})</p>
            {recorded.length === 0 ? (
              <p className="text-slate-600">Nothing yet: click on the page.</p>
            ) : (
              <ol className="list-decimal pl-5" data-testid="recorded-steps">
                {recorded.map((step, i) => (
                  <li key={i}>
                    {step.type === 'browser-click' ? 'Click' : 'Type'} <code className="font-mono">{String(step.config.selector)}</code>
                    {step.type === 'browser-type' ? ` “${String(step.config.text)}”` : ''}
                  </li>
                ))}
              </ol>
            )}
          </div>
        )}
        <div
          className="relative mx-auto w-full cursor-crosshair overflow-hidden rounded-md border border-slate-300 bg-slate-100"
          // As wide as fits, but never taller than half the window: the result above stays in view.
          style={
            session
              ? { aspectRatio: `${session.width} / ${session.height}`, maxWidth: `calc(52vh * ${session.width / session.height})` }
              : { height: 240 }
          }
          onMouseMove={onMove}
          onMouseLeave={() => setHovered(null)}
          onClick={onClick}
          data-testid="picker-page"
        >
          {image ? (
            <img ref={imgRef} src={image} alt={`Live picture of ${address}`} className="block w-full select-none" draggable={false} />
          ) : (
            <p className="flex h-full items-center justify-center p-6 text-sm text-slate-600">
              {start.isPending || !failure ? 'Opening the page with this flow’s browser…' : 'The page could not be opened.'}
            </p>
          )}
          {hovered && (
            <div
              aria-hidden
              className="pointer-events-none absolute border-2 border-indigo-500 bg-indigo-500/10"
              style={pct(hovered.box)}
            />
          )}
          {picked && <div aria-hidden className="pointer-events-none absolute border-2 border-emerald-600" style={pct(picked.box)} />}
        </div>
      </div>
    </Dialog>
  );
}

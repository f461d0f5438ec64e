import { FilePlus2, Sparkles } from 'lucide-react';
import { Button } from '../../components/button';

interface EmptyStateProps {
  onBlank: () => void;
  onExample: () => void;
  busy: boolean;
}

/** What a first-time user sees: what a workflow is, and two ways to begin. */
export function EmptyState({ onBlank, onExample, busy }: EmptyStateProps) {
  return (
    <section
      aria-labelledby="empty-title"
      className="mx-auto mt-10 max-w-2xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm"
    >
      <h2 id="empty-title" className="text-lg font-semibold">
        You have no workflows yet
      </h2>
      <p className="mx-auto mt-2 max-w-lg text-sm text-slate-600">
        A workflow is a chain of steps that runs for you: something starts it (you click Run, a schedule, a web request), then each step
        does one thing, like changing data, checking a condition or calling a web service.
      </p>
      <div className="mt-6 grid grid-cols-2 gap-4 text-left">
        <div className="flex flex-col rounded-lg border border-slate-200 p-4">
          <FilePlus2 aria-hidden className="size-6 text-indigo-600" />
          <h3 className="mt-2 font-medium">Start from scratch</h3>
          <p className="mt-1 flex-1 text-sm text-slate-600">An empty canvas. Drag steps from the list on the left and connect them.</p>
          <Button variant="primary" className="mt-4" onClick={onBlank} disabled={busy}>
            Start from scratch
          </Button>
        </div>
        <div className="flex flex-col rounded-lg border border-slate-200 p-4">
          <Sparkles aria-hidden className="size-6 text-indigo-600" />
          <h3 className="mt-2 font-medium">Try an example</h3>
          <p className="mt-1 flex-1 text-sm text-slate-600">
            A ready-made workflow: start by hand, set some fields, then take one of two paths depending on a value.
          </p>
          <Button className="mt-4" onClick={onExample} disabled={busy}>
            Try an example
          </Button>
        </div>
      </div>
    </section>
  );
}

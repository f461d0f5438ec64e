'use client';
/** Every problem from the last save (or run attempt); clicking one selects its step. */
import { CircleCheck, TriangleAlert } from 'lucide-react';
import type { Problem } from '../../../lib/api-types';
import { shortProblemMessage } from '../../../lib/errors';
import { plural } from '../../../lib/format';

interface ProblemsListProps {
  problems: Problem[];
  nodeName: (id: string) => string | undefined;
  onSelectNode: (id: string) => void;
}

export function ProblemsList({ problems, nodeName, onSelectNode }: ProblemsListProps) {
  if (problems.length === 0) {
    return (
      <p className="flex items-center gap-1.5 text-sm text-emerald-800">
        <CircleCheck aria-hidden className="size-4" /> No problems found at the last save.
      </p>
    );
  }
  return (
    <div>
      <p className="flex items-center gap-1.5 text-sm font-medium text-red-900">
        <TriangleAlert aria-hidden className="size-4" /> {plural(problems.length, 'problem')} to fix before this workflow can run
      </p>
      <ul className="mt-2 space-y-1.5" data-testid="problems-list">
        {problems.map((p, i) => {
          const name = p.nodeId ? nodeName(p.nodeId) : undefined;
          return (
            <li key={i} className="rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-sm text-red-900">
              {p.nodeId && name ? (
                <button
                  type="button"
                  className="text-left underline decoration-red-300 underline-offset-2 hover:decoration-red-700"
                  onClick={() => onSelectNode(p.nodeId!)}
                >
                  <span className="font-medium">{name}:</span> {shortProblemMessage(p.message)}
                </button>
              ) : (
                p.message
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

'use client';
/** The Download link of a step that saved a file in the data folder (Save CSV, Save JSON, Browser download, the full-size Browser screenshot). */
import { Download } from 'lucide-react';
import { buttonClass } from '../../../components/button';
import type { NodeRunView } from '../../../lib/api-types';
import { plural } from '../../../lib/format';

/** The output field naming the file, per step type; the server (server/http/file-download.ts) reads the same. */
const FILE_FIELD: Record<string, string> = {
  'save-csv': 'path',
  'save-json': 'path',
  'browser-download': 'file',
  'browser-screenshot': 'file',
};

function sizeWords(bytes: unknown): string | null {
  if (typeof bytes !== 'number') return null;
  if (bytes < 1024) return plural(bytes, 'byte');
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function SavedFile({
  runId,
  nodeId,
  typeId,
  view,
}: {
  runId: string;
  nodeId: string;
  typeId: string | undefined;
  view: NodeRunView;
}) {
  const fieldName = typeId ? FILE_FIELD[typeId] : undefined;
  const first = view.outputPreview.main?.[0];
  const file = fieldName && first ? first[fieldName] : undefined;
  if (view.status !== 'succeeded' || typeof file !== 'string' || file === '') return null;
  const size = sizeWords(first?.bytes ?? first?.size);
  const href = `/api/files/download?${new URLSearchParams({ run: runId, node: nodeId })}`;
  return (
    <div
      className="flex items-center justify-between gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm"
      data-testid="saved-file"
    >
      <p className="min-w-0">
        <span className="block text-slate-600">Saved in the data folder: </span>
        <span className="font-mono break-words [overflow-wrap:anywhere]">{file}</span>
        {size && <span className="text-slate-500"> ({size})</span>}
      </p>
      <a href={href} download className={buttonClass('secondary', 'sm')}>
        <Download aria-hidden className="size-3.5" /> Download
      </a>
    </div>
  );
}

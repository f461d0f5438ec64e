'use client';
import { Copy, Download, Eye, LayoutTemplate, Pencil, Share2, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { Button } from '../../components/button';
import { isStatus, StatusBadge } from '../../components/status-badge';
import { Switch } from '../../components/switch';
import type { WorkflowSummary } from '../../lib/api-types';
import { fullDate, timeAgo } from '../../lib/format';

interface WorkflowTableProps {
  workflows: WorkflowSummary[];
  onRename: (wf: WorkflowSummary) => void;
  onDuplicate: (wf: WorkflowSummary) => void;
  onExport: (wf: WorkflowSummary) => void;
  onDelete: (wf: WorkflowSummary) => void;
  onSetActive: (wf: WorkflowSummary, active: boolean) => void;
  onSaveAsTemplate?: (wf: WorkflowSummary) => void;
  onShare?: (wf: WorkflowSummary) => void;
  /** The person may make workflows (editor and up): Duplicate and Save as template show on view-only rows too. */
  mayCreate: boolean;
}

/** Imported with parts that may change its results (see the banner in the editor). */
function CheckBadge() {
  return (
    <span
      className="ml-2 inline-flex items-center rounded-full bg-amber-100 px-2 py-0.5 align-middle text-xs font-medium whitespace-nowrap text-amber-900"
      title="Imported with parts that could not be carried over exactly. Open it to see what to check."
      data-testid="check-badge"
    >
      Check before use
    </span>
  );
}

/** Shared with this person to look at only: no renaming, sharing, deleting or switching on. */
function ViewOnlyBadge() {
  return (
    <span
      className="ml-2 inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 align-middle text-xs font-medium whitespace-nowrap text-slate-700"
      title="Shared with you to look at. Ask its owner to let you edit it."
      data-testid="view-only-badge"
    >
      <Eye aria-hidden className="size-3" /> View only
    </span>
  );
}

export function WorkflowTable({
  workflows,
  onRename,
  onDuplicate,
  onExport,
  onDelete,
  onSetActive,
  onSaveAsTemplate,
  onShare,
  mayCreate,
}: WorkflowTableProps) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium whitespace-nowrap text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2.5">
              Name
            </th>
            <th
              scope="col"
              className="px-4 py-2.5"
              title="When on, the workflow's triggers (schedules, web requests) start it by themselves."
            >
              Active
            </th>
            <th scope="col" className="px-4 py-2.5">
              Last run
            </th>
            <th scope="col" className="px-4 py-2.5">
              Last edited
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {workflows.map((wf) => {
            const edit = wf.canEdit;
            return (
              <tr key={wf.id} className="hover:bg-slate-50/70" data-testid="workflow-row">
                <td className="max-w-60 px-4 py-3">
                  <Link href={`/workflows/${wf.id}`} className="rounded font-medium text-indigo-700 hover:underline">
                    {wf.name}
                  </Link>
                  {wf.checkBeforeUse && <CheckBadge />}
                  {!edit && <ViewOnlyBadge />}
                  {wf.description && <p className="mt-0.5 truncate text-xs text-slate-500">{wf.description}</p>}
                </td>
                <td className="px-4 py-3">
                  {edit ? (
                    <Switch checked={wf.active} onChange={(active) => onSetActive(wf, active)} label={`Active: ${wf.name}`} hideLabel />
                  ) : (
                    <span className="text-xs text-slate-600">{wf.active ? 'On' : 'Off'}</span>
                  )}
                </td>
                <td className="px-4 py-3 whitespace-nowrap">
                  {wf.lastRun ? (
                    <div className="flex items-center gap-2">
                      {isStatus(wf.lastRun.status) && <StatusBadge status={wf.lastRun.status} />}
                      <span className="text-xs text-slate-600" title={fullDate(wf.lastRun.createdAt)}>
                        {timeAgo(wf.lastRun.createdAt)}
                      </span>
                    </div>
                  ) : (
                    <span className="text-xs text-slate-500">Never run</span>
                  )}
                </td>
                <td className="px-4 py-3 whitespace-nowrap text-slate-600" title={fullDate(wf.updatedAt)}>
                  {timeAgo(wf.updatedAt)}
                </td>
                <td className="w-[24rem] px-3 py-3">
                  <div className="grid grid-cols-[repeat(3,auto)] justify-end justify-items-start gap-1">
                    {edit && (
                      <Button variant="ghost" size="sm" onClick={() => onRename(wf)} aria-label={`Rename ${wf.name}`}>
                        <Pencil aria-hidden className="size-3.5" /> Rename
                      </Button>
                    )}
                    {mayCreate && (
                      <Button variant="ghost" size="sm" onClick={() => onDuplicate(wf)} aria-label={`Duplicate ${wf.name}`}>
                        <Copy aria-hidden className="size-3.5" /> Duplicate
                      </Button>
                    )}
                    <Button variant="ghost" size="sm" onClick={() => onExport(wf)} aria-label={`Export ${wf.name}`}>
                      <Download aria-hidden className="size-3.5" /> Export
                    </Button>
                    {onSaveAsTemplate && mayCreate && (
                      <Button variant="ghost" size="sm" onClick={() => onSaveAsTemplate(wf)} aria-label={`Save ${wf.name} as a template`}>
                        <LayoutTemplate aria-hidden className="size-3.5" /> Save as template
                      </Button>
                    )}
                    {onShare && edit && (
                      <Button variant="ghost" size="sm" onClick={() => onShare(wf)} aria-label={`Share ${wf.name}`}>
                        <Share2 aria-hidden className="size-3.5" /> Share
                      </Button>
                    )}
                    {edit && (
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-red-700 hover:bg-red-50"
                        onClick={() => onDelete(wf)}
                        aria-label={`Delete ${wf.name}`}
                      >
                        <Trash2 aria-hidden className="size-3.5" /> Delete
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

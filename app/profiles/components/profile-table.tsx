'use client';
import { Copy, MonitorPlay, Pencil, Trash2, Users } from 'lucide-react';
import { Button } from '../../components/button';
import { fullDate, timeAgo } from '../../lib/format';
import type { Profile } from './types';

interface ProfileTableProps {
  profiles: Profile[];
  onEdit: (profile: Profile) => void;
  onDuplicate: (profile: Profile) => void;
  onTest: (profile: Profile) => void;
  onDelete: (profile: Profile) => void;
  onAccess: (profile: Profile) => void;
  /** A viewer: no Test, Edit, Duplicate or Delete (the server refuses them). */
  readOnly?: boolean;
}

/** One line of plain words about how the profile's browser presents itself. */
function summary(p: Profile): string {
  const parts = [`window ${p.viewportWidth} × ${p.viewportHeight}`];
  parts.push(p.locale ? `language ${p.locale}` : "the browser's language");
  if (p.timezone) parts.push(`time zone ${p.timezone}`);
  if (p.proxyServer) parts.push(`proxy ${p.proxyServer}${p.proxyUser ? ` as ${p.proxyUser}` : ''}`);
  if (p.userAgent) parts.push('own user agent');
  return parts.join(' · ');
}

export function ProfileTable({ profiles, onEdit, onDuplicate, onTest, onDelete, onAccess, readOnly = false }: ProfileTableProps) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium whitespace-nowrap text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2.5">
              Name
            </th>
            <th scope="col" className="px-4 py-2.5">
              Browser
            </th>
            <th scope="col" className="px-4 py-2.5">
              Last changed
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {profiles.map((p) => (
            <tr key={p.id} className="hover:bg-slate-50/70" data-testid="profile-row">
              <td className="max-w-72 px-4 py-3">
                {p.canManage && !readOnly ? (
                  <button type="button" onClick={() => onEdit(p)} className="rounded text-left font-medium text-indigo-700 hover:underline">
                    {p.name}
                  </button>
                ) : (
                  <span className="font-medium">{p.name}</span>
                )}
                {!p.canManage && <p className="mt-0.5 text-xs text-slate-600">Shared with you: you may use it in your steps.</p>}
                {p.notes && <p className="mt-0.5 truncate text-xs text-slate-500">{p.notes}</p>}
              </td>
              <td className="px-4 py-3 text-xs text-slate-600">{summary(p)}</td>
              <td className="px-4 py-3 whitespace-nowrap text-slate-600" title={fullDate(p.updatedAt)}>
                {timeAgo(p.updatedAt)}
              </td>
              <td className="px-4 py-3">
                {!readOnly && (
                  <div className="flex justify-end gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => onTest(p)}
                      aria-label={`Open a test page with ${p.name}`}
                      title="Open a test page with this profile"
                    >
                      <MonitorPlay aria-hidden className="size-4" /> Test
                    </Button>
                    {p.canManage && (
                      <>
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => onAccess(p)}
                          aria-label={`Who may use ${p.name}`}
                          title="Choose who may use this profile"
                        >
                          <Users aria-hidden className="size-4" /> Who may use
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => onEdit(p)} aria-label={`Edit ${p.name}`} title="Edit">
                          <Pencil aria-hidden className="size-4" />
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => onDuplicate(p)}
                          aria-label={`Duplicate ${p.name}`}
                          title="Duplicate (settings only)"
                        >
                          <Copy aria-hidden className="size-4" />
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => onDelete(p)} aria-label={`Delete ${p.name}`} title="Delete">
                          <Trash2 aria-hidden className="size-4 text-red-700" />
                        </Button>
                      </>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

'use client';
/**
 * "Who may use": the people who may pick a saved credential or a browser profile in their steps,
 * besides its owner (owners and admins always may). The owner or an admin ticks editors and
 * saves; others see the list read-only. The credential and profile dialogs wrap this one.
 */
import { useEffect, useState } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';
import { useToast } from './toast';
import { errorMessage } from '../lib/errors';

interface Person {
  userId: string;
  name: string;
  email: string;
}

export interface WhoMayUseData {
  owner: Person | null;
  allowed: Person[];
  people: Array<Person & { role: string }>;
  canManage: boolean;
}

interface WhoMayUseDialogProps {
  name: string;
  /** What ticking someone lets them do, in a sentence or two. */
  description: string;
  sharing: { data?: WhoMayUseData; isPending: boolean; isError: boolean; error: unknown };
  saving: boolean;
  /** Saves the list and refreshes what shows it; throws with the server's message. */
  onSave: (userIds: string[]) => Promise<void>;
  onClose: () => void;
}

export function WhoMayUseDialog({ name, description, sharing, saving, onSave, onClose }: WhoMayUseDialogProps) {
  const toast = useToast();
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  useEffect(() => {
    if (sharing.data && chosen === null) setChosen(new Set(sharing.data.allowed.map((p) => p.userId)));
  }, [sharing.data, chosen]);

  const data = sharing.data;
  const picked = chosen ?? new Set<string>();
  // Owners and admins may always use it; viewers run nothing. So the choice is among editors.
  const people = (data?.people ?? []).filter((p) => p.role === 'editor');

  const toggle = (userId: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(userId);
    else next.delete(userId);
    setChosen(next);
  };
  const submit = async () => {
    try {
      await onSave([...picked]);
      toast(
        picked.size
          ? `${picked.size === 1 ? '1 person' : `${picked.size} people`} besides the owner may use “${name}”.`
          : `Only the owner and admins may use “${name}” now.`,
        'success',
      );
      onClose();
    } catch (error) {
      toast(`Nothing was changed: ${errorMessage(error)}`, 'error');
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Who may use “${name}”`}
      description={description}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => void submit()} disabled={saving || chosen === null || !data?.canManage}>
            Save
          </Button>
        </>
      }
    >
      {sharing.isPending && <p className="text-sm text-slate-600">Loading…</p>}
      {sharing.isError && (
        <p role="alert" className="text-sm text-red-800">
          {errorMessage(sharing.error)}
        </p>
      )}
      {data && (
        <div className="space-y-3 text-sm">
          <p>
            Owner: <strong>{data.owner ? `${data.owner.name} (${data.owner.email})` : 'the instance (owners and admins)'}</strong>
          </p>
          {people.length === 0 ? (
            <p className="text-slate-700">
              There is nobody to choose yet: only people with the editor role are listed (owners and admins may always use it; viewers don’t
              run steps). Invite editors on the Users page.
            </p>
          ) : (
            <fieldset className="rounded-md border border-slate-200">
              <legend className="sr-only">People who may use it</legend>
              <ul className="divide-y divide-slate-200">
                {people.map((p) => (
                  <li key={p.userId} className="px-3 py-2">
                    <label className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        checked={picked.has(p.userId)}
                        onChange={(e) => toggle(p.userId, e.target.checked)}
                        disabled={!data.canManage}
                      />
                      <span className="min-w-0 flex-1 truncate">
                        {p.name} <span className="text-slate-600">({p.email})</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
        </div>
      )}
    </Dialog>
  );
}

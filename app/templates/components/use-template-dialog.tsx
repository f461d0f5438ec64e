'use client';
/**
 * "Use this template" for a template that asks for saved credentials (a database, say): one
 * choice per credential, the likely one preselected. Leaving one empty still makes the
 * workflow; the editor then marks the steps that wait for it.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { useTRPC } from '../../lib/trpc';
import { CredentialField } from '../../workflows/[id]/components/credential-field';
import { initialChoices } from '../lib/credential-choices';
import type { TemplateEntry } from '../lib/filter';

interface UseTemplateDialogProps {
  template: TemplateEntry;
  busy: boolean;
  onClose: () => void;
  onUse: (credentials: Record<string, string>) => void;
}

export function UseTemplateDialog({ template, busy, onClose, onUse }: UseTemplateDialogProps) {
  const trpc = useTRPC();
  const saved = useQuery(trpc.credentials.list.queryOptions());
  // Preselected once the saved credentials are known; the user's own picks win after that.
  const [picked, setPicked] = useState<Record<string, string>>({});
  const preselected = saved.data ? initialChoices(template.credentials, saved.data) : {};
  const choices = { ...preselected, ...picked };
  const missing = template.credentials.filter((c) => !choices[c.key]).length;

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Use "${template.name}"`}
      description="Its steps work with saved credentials. Choose which ones, or create them under Credentials: they stay encrypted and out of the workflow."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={busy || saved.isPending}
            onClick={() => onUse(Object.fromEntries(Object.entries(choices).filter(([, id]) => id)))}
          >
            {missing ? 'Create the workflow, choose later' : 'Create the workflow'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4" data-testid="template-credentials">
        {template.credentials.map((asked) => {
          const id = `tpl-cred-${asked.key.replace(/[^\w-]/g, '-')}`;
          const steps = asked.steps.map((s) => `"${s.name}"`).join(', ');
          return (
            <div key={asked.key} className="flex flex-col gap-1">
              <label htmlFor={id} className="text-sm font-medium">
                {asked.typeName}
              </label>
              <p id={`${id}-help`} className="text-xs text-slate-600">
                Used by {asked.steps.length === 1 ? 'the step' : 'the steps'} {steps}.
              </p>
              <CredentialField
                id={id}
                value={choices[asked.key] ?? ''}
                onChange={(value) => setPicked((p) => ({ ...p, [asked.key]: value }))}
                types={[asked.type]}
                describedBy={`${id}-help`}
              />
            </div>
          );
        })}
        {missing > 0 && (
          <p className="text-xs text-slate-600">
            Without a choice, the workflow is made anyway and the editor marks the steps that still need one.
          </p>
        )}
      </div>
    </Dialog>
  );
}

'use client';
/** "Save as template": name, description and category for a template made from a workflow. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { useToast } from '../../components/toast';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

interface SaveTemplateDialogProps {
  workflowId: string;
  name: string;
  description: string;
  onClose: () => void;
}

const INPUT = 'h-9 rounded-md border border-slate-300 px-2.5 text-sm';

export function SaveTemplateDialog({ workflowId, name, description, onClose }: SaveTemplateDialogProps) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.templates.list.queryOptions());
  const categories = [...new Set((templates.data ?? []).map((t) => t.category))].sort();
  const [form, setForm] = useState({ name, description, category: 'My templates' });
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.templates.saveAs.mutationOptions());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.name.trim()) return setError('Give the template a name.');
    try {
      await save.mutateAsync({ workflowId, ...form });
      void queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
      toast(`Saved as the template "${form.name.trim()}". Find it under Templates.`, 'success');
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="Save as template"
      description="Others can start new workflows from it. Sample data, chosen credentials and passwords typed into steps are left out."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="template-form" disabled={save.isPending}>
            Save template
          </Button>
        </>
      }
    >
      <form id="template-form" onSubmit={submit} className="flex flex-col gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Name
          <input
            autoFocus
            className={INPUT}
            maxLength={200}
            value={form.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          What it does
          <textarea
            rows={3}
            maxLength={2000}
            className="rounded-md border border-slate-300 p-2 text-sm font-normal"
            value={form.description}
            onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Category
          <input
            className={INPUT}
            list="template-categories"
            maxLength={40}
            value={form.category}
            onChange={(e) => setForm((f) => ({ ...f, category: e.target.value }))}
          />
          <datalist id="template-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

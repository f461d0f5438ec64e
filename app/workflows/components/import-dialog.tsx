'use client';
import { useMutation } from '@tanstack/react-query';
import { textLooksLikeN8nExport } from '@/core/n8n-detect';
import { useRouter } from 'next/navigation';
import { FileUp, TriangleAlert } from 'lucide-react';
import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import type { FileProblem } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { plural } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { N8nReportView, type N8nReport } from './n8n-report';

interface ImportDialogProps {
  onClose: () => void;
  onImported: (id: string) => void;
}

export function ImportDialog({ onClose, onImported }: ImportDialogProps) {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [problems, setProblems] = useState<FileProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const importFile = useMutation(trpc.workflows.import.mutationOptions());
  const importN8n = useMutation(trpc.workflows.importN8n.mutationOptions());
  const router = useRouter();
  // An n8n export is recognised by its shape and converted; the report stays open to read.
  const [n8nDone, setN8nDone] = useState<{ id: string; report: N8nReport } | null>(null);
  // A file that was converted (first design) or still needs choices (credentials, profiles): say so before moving on.
  const [done, setDone] = useState<{ id: string; notes: string[]; problems: FileProblem[] } | null>(null);
  const isN8n = useMemo(() => textLooksLikeN8nExport(text), [text]);
  const pending = importFile.isPending || importN8n.isPending;

  const pickFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setProblems([]);
    setText(await file.text());
  };

  const submit = async (allowProblems: boolean) => {
    setError(null);
    try {
      if (isN8n) return setN8nDone(await importN8n.mutateAsync({ text }));
      const result = await importFile.mutateAsync({ text, allowProblems });
      if (result.imported) {
        if (result.notes.length === 0 && result.problems.length === 0) return onImported(result.id);
        return setDone({ id: result.id, notes: result.notes, problems: result.problems });
      }
      setProblems(result.problems);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  // Graph problems (a missing connection, an empty field) can be fixed in the editor; a file
  // that is not a workflow at all cannot be imported.
  const fixable = problems.length > 0 && problems.every((p) => p.code !== 'invalid-document');

  if (done) {
    return (
      <Dialog
        open
        onClose={() => onImported(done.id)}
        width="lg"
        title="Workflow imported"
        description="The workflow was saved."
        footer={
          <>
            <Button onClick={() => onImported(done.id)}>Done</Button>
            <Button variant="primary" onClick={() => router.push(`/workflows/${done.id}`)}>
              Open the workflow
            </Button>
          </>
        }
      >
        {done.notes.length > 0 && (
          <section aria-label="How the file was converted">
            <h3 className="text-sm font-medium">How the file was converted</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="import-notes">
              {done.notes.map((note, i) => (
                <li key={i}>{note}</li>
              ))}
            </ul>
          </section>
        )}
        {done.problems.length > 0 && (
          <section aria-label="To finish in the editor" className="mt-4">
            <h3 className="text-sm font-medium">To finish in the editor</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="import-to-finish">
              {done.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </section>
        )}
      </Dialog>
    );
  }

  if (n8nDone) {
    return (
      <Dialog
        open
        onClose={() => onImported(n8nDone.id)}
        width="lg"
        title="Imported from n8n"
        description="The workflow was saved. Here is what could not be carried over exactly; the editor marks steps that still need settings."
        footer={
          <>
            <Button onClick={() => onImported(n8nDone.id)}>Done</Button>
            <Button variant="primary" onClick={() => router.push(`/workflows/${n8nDone.id}`)}>
              Open the workflow
            </Button>
          </>
        }
      >
        <N8nReportView report={n8nDone.report} />
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      width="lg"
      title="Import a workflow"
      description="Choose a workflow file (.json or .yaml) exported from TaskMaster or from n8n, or paste its text below."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          {fixable && (
            <Button onClick={() => submit(true)} disabled={pending}>
              Import anyway, fix later
            </Button>
          )}
          <Button variant="primary" onClick={() => submit(false)} disabled={!text.trim() || pending}>
            {isN8n ? 'Import from n8n' : 'Import'}
          </Button>
        </>
      }
    >
      <div className="flex items-center gap-3">
        <input
          ref={fileInput}
          type="file"
          accept=".json,.yaml,.yml,application/json,text/yaml"
          className="sr-only"
          id="import-file"
          onChange={pickFile}
        />
        <Button onClick={() => fileInput.current?.click()}>
          <FileUp aria-hidden className="size-4" /> Choose a file…
        </Button>
        <span className="text-sm text-slate-600">{fileName ?? 'No file chosen'}</span>
      </div>
      <label htmlFor="import-text" className="mt-4 block text-sm font-medium">
        Workflow text
      </label>
      <textarea
        id="import-text"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setProblems([]);
        }}
        rows={12}
        spellCheck={false}
        placeholder={'{\n  "name": "My workflow",\n  "nodes": [],\n  "edges": []\n}'}
        className="mt-1 w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
      />
      {isN8n && (
        <p className="mt-2 text-sm text-slate-700" data-testid="n8n-detected">
          This looks like an n8n workflow. It will be converted; you will see what could not be carried over.
        </p>
      )}
      {error && <p className="mt-2 text-sm text-red-700">{error}</p>}
      {problems.length > 0 && (
        <div role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-3">
          <p className="flex items-center gap-1.5 text-sm font-medium text-red-900">
            <TriangleAlert aria-hidden className="size-4" />
            This file was not imported: {plural(problems.length, 'problem')} found.
          </p>
          <ul className="mt-2 space-y-1 text-sm text-red-900" data-testid="import-problems">
            {problems.map((p, i) => (
              <li key={i} className="flex gap-2">
                <span className="w-16 shrink-0 font-mono text-xs leading-5 text-red-700">{p.line ? `Line ${p.line}` : ''}</span>
                <span>{p.message}</span>
              </li>
            ))}
          </ul>
          {fixable && <p className="mt-2 text-xs text-red-800">You can import it anyway and fix these in the editor.</p>}
        </div>
      )}
    </Dialog>
  );
}

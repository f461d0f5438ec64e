'use client';
/**
 * "Upload a file…" beside a data-folder path: sends the chosen file to the data folder
 * (server/http/file-upload.ts, streamed, under uploads/) and puts the path it got in the field.
 */
import { Upload } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { buttonClass } from '../../../components/button';

type State = { kind: 'idle' } | { kind: 'sending'; name: string } | { kind: 'done'; path: string } | { kind: 'failed'; message: string };

export function UploadButton({ onUploaded, disabled }: { onUploaded: (path: string) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [state, setState] = useState<State>({ kind: 'idle' });

  const send = async (file: File) => {
    setState({ kind: 'sending', name: file.name });
    try {
      const response = await fetch(`/api/files/upload?${new URLSearchParams({ name: file.name })}`, {
        method: 'POST',
        headers: { 'x-taskmaster-upload': '1', 'content-type': 'application/octet-stream' },
        body: file,
      });
      const body = (await response.json().catch(() => ({}))) as { path?: string; error?: string };
      if (!response.ok || !body.path) throw new Error(body.error ?? `the server answered ${response.status}`);
      onUploaded(body.path);
      setState({ kind: 'done', path: body.path });
    } catch (error) {
      setState({ kind: 'failed', message: (error as Error).message });
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <input
        ref={input}
        id={inputId}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-label="File to upload to the data folder"
        data-testid="upload-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same file can be chosen again
          if (file) void send(file);
        }}
      />
      <button
        type="button"
        className={buttonClass('secondary', 'sm')}
        disabled={disabled || state.kind === 'sending'}
        onClick={() => input.current?.click()}
      >
        <Upload aria-hidden className="size-3.5" /> Upload a file…
      </button>
      <span role="status" className="text-xs text-slate-600">
        {state.kind === 'sending' && `Uploading ${state.name}…`}
        {state.kind === 'done' && `Uploaded to the data folder as ${state.path}.`}
        {state.kind === 'failed' && <span className="text-red-700">The file could not be uploaded: {state.message}</span>}
      </span>
    </div>
  );
}

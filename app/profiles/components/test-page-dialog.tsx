'use client';
/** "Open a test page with this profile": the page as the profile's browser sees it. */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import type { Profile } from './types';

export function TestPageDialog({ profile, onClose }: { profile: Profile; onClose: () => void }) {
  const trpc = useTRPC();
  const [url, setUrl] = useState('https://');
  const test = useMutation(trpc.profiles.testPage.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    test.mutate({ id: profile.id, url });
  };
  const result = test.data;

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Open a test page with "${profile.name}"`}
      width="lg"
      description="The page opens in the profile's own browser, with its cookies, window, language and proxy."
    >
      <form onSubmit={submit} className="flex items-end gap-2">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor="test-url" className="text-sm font-medium">
            Web address
          </label>
          <input
            id="test-url"
            autoFocus
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            className="h-9 rounded-md border border-slate-300 px-2.5 text-sm"
          />
        </div>
        <Button type="submit" variant="primary" disabled={test.isPending}>
          {test.isPending ? 'Opening…' : 'Open page'}
        </Button>
      </form>
      {test.isPending && <p className="mt-3 text-sm text-slate-600">Starting the browser and loading the page…</p>}
      {test.isError && (
        <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {errorMessage(test.error)}
        </p>
      )}
      {result && !test.isPending && (
        <div className="mt-4 flex flex-col gap-3" data-testid="test-page-result">
          <p className="text-sm text-slate-700">
            <span className="font-medium">{result.title || result.url}</span>
            {result.status !== null && <span className="text-slate-500"> · status {result.status}</span>}
            <span className="text-slate-500"> · the browser started in {(result.launchMs / 1000).toFixed(1)} s</span>
          </p>
          <img
            src={result.screenshot}
            alt={`The page ${result.url} as the profile sees it`}
            className="max-w-full rounded-md border border-slate-200"
          />
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
            <dt className="text-slate-500">The site saw the user agent</dt>
            <dd className="font-mono break-all">{result.seen.userAgent}</dd>
            <dt className="text-slate-500">Language</dt>
            <dd className="font-mono">{result.seen.language}</dd>
            <dt className="text-slate-500">Time zone</dt>
            <dd className="font-mono">{result.seen.timeZone}</dd>
            <dt className="text-slate-500">Window</dt>
            <dd className="font-mono">{result.seen.window}</dd>
          </dl>
        </div>
      )}
    </Dialog>
  );
}

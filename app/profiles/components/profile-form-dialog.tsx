'use client';
/** New or edit profile. The proxy password is write-only: the form never receives it back. */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import type { Profile } from './types';

interface ProfileFormDialogProps {
  /** Null: a new profile. */
  profile: Profile | null;
  onClose: () => void;
  onSaved: (profile: { name: string }) => void;
}

type Fields = {
  name: string;
  userAgent: string;
  viewportWidth: string;
  viewportHeight: string;
  locale: string;
  timezone: string;
  proxyServer: string;
  proxyUser: string;
  proxyPassword: string;
  notes: string;
};

const input = 'h-9 w-full rounded-md border border-slate-300 px-2.5 text-sm aria-invalid:border-red-500';

function initial(p: Profile | null): Fields {
  return {
    name: p?.name ?? '',
    userAgent: p?.userAgent ?? '',
    viewportWidth: String(p?.viewportWidth ?? 1280),
    viewportHeight: String(p?.viewportHeight ?? 720),
    locale: p?.locale ?? '',
    timezone: p?.timezone ?? '',
    proxyServer: p?.proxyServer ?? '',
    proxyUser: p?.proxyUser ?? '',
    proxyPassword: '',
    notes: p?.notes ?? '',
  };
}

/** The server names bad fields as `"timezone": message; "name": message`. */
function fieldErrors(message: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^"(\w+)": (.+)$/.exec(part);
    if (match) found[match[1]] = match[2];
  }
  return found;
}

export function ProfileFormDialog({ profile, onClose, onSaved }: ProfileFormDialogProps) {
  const trpc = useTRPC();
  const [fields, setFields] = useState<Fields>(() => initial(profile));
  const [forgetPassword, setForgetPassword] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.profiles.create.mutationOptions());
  const update = useMutation(trpc.profiles.update.mutationOptions());
  const busy = create.isPending || update.isPending;
  const problems = error ? fieldErrors(error) : {};
  const set = (key: keyof Fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const settings = {
      name: fields.name,
      userAgent: fields.userAgent,
      viewportWidth: Number(fields.viewportWidth),
      viewportHeight: Number(fields.viewportHeight),
      locale: fields.locale,
      timezone: fields.timezone,
      proxyServer: fields.proxyServer,
      proxyUser: fields.proxyUser,
      notes: fields.notes,
      proxyPassword: fields.proxyPassword || undefined,
    };
    try {
      const saved = profile
        ? await update.mutateAsync({ id: profile.id, ...settings, clearProxyPassword: forgetPassword })
        : await create.mutateAsync(settings);
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const field = (key: keyof Fields, label: string, control: ReactNode, help?: string) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`profile-${key}`} className="text-sm font-medium">
        {label}
      </label>
      {control}
      {help && <p className="text-xs text-slate-500">{help}</p>}
      {problems[key] && (
        <p id={`profile-${key}-problem`} className="text-xs text-red-700">
          {problems[key]}
        </p>
      )}
    </div>
  );
  const text = (key: keyof Fields, extra: { placeholder?: string; type?: string; autoFocus?: boolean } = {}) => (
    <input
      id={`profile-${key}`}
      value={fields[key]}
      onChange={(e) => set(key)(e.target.value)}
      className={input}
      aria-invalid={problems[key] ? true : undefined}
      aria-describedby={problems[key] ? `profile-${key}-problem` : undefined}
      autoComplete="off"
      {...extra}
    />
  );
  const general = error && Object.keys(problems).length === 0 ? error : null;

  return (
    <Dialog
      open
      onClose={onClose}
      title={profile ? `Edit "${profile.name}"` : 'New browser profile'}
      description="Leave a field empty to use the browser's own setting."
      width="lg"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="profile-form" variant="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save profile'}
          </Button>
        </>
      }
    >
      <form id="profile-form" onSubmit={submit} className="grid grid-cols-2 gap-4">
        {general && (
          <p role="alert" className="col-span-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {general}
          </p>
        )}
        <div className="col-span-2">{field('name', 'Name', text('name', { placeholder: 'Shop account', autoFocus: true }))}</div>
        {field('viewportWidth', 'Window width (pixels)', text('viewportWidth', { type: 'number' }))}
        {field('viewportHeight', 'Window height (pixels)', text('viewportHeight', { type: 'number' }))}
        {field('locale', 'Language', text('locale', { placeholder: 'en-US' }), 'Like en-US or de-DE: what sites see as your language.')}
        {field('timezone', 'Time zone', text('timezone', { placeholder: 'Europe/Berlin' }), 'Like Europe/Berlin or America/New_York.')}
        <div className="col-span-2">
          {field(
            'userAgent',
            'User agent',
            text('userAgent', { placeholder: "The browser's own" }),
            'How the browser names itself to sites. Rarely needed.',
          )}
        </div>
        <fieldset className="col-span-2 grid grid-cols-2 gap-4 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium">Proxy (optional)</legend>
          <div className="col-span-2">
            {field(
              'proxyServer',
              'Proxy address',
              text('proxyServer', { placeholder: 'http://proxy.example.com:8080' }),
              'Every page of this profile goes through it. Also socks5://…',
            )}
          </div>
          {field('proxyUser', 'Proxy user name', text('proxyUser'))}
          {field(
            'proxyPassword',
            'Proxy password',
            text('proxyPassword', { type: 'password', placeholder: profile?.hasProxyPassword ? 'Saved: leave empty to keep it' : '' }),
            'Kept encrypted with your saved credentials; never shown again.',
          )}
          {profile?.hasProxyPassword && (
            <label className="col-span-2 flex items-center gap-2 text-sm">
              <input type="checkbox" checked={forgetPassword} onChange={(e) => setForgetPassword(e.target.checked)} />
              Forget the saved proxy password
            </label>
          )}
        </fieldset>
        <div className="col-span-2">
          {field(
            'notes',
            'Notes',
            <textarea
              id="profile-notes"
              rows={2}
              value={fields.notes}
              onChange={(e) => set('notes')(e.target.value)}
              className="w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
            />,
          )}
        </div>
        {profile && <p className="col-span-2 text-xs text-slate-500">Cookies and logins are kept in {profile.folder}.</p>}
      </form>
    </Dialog>
  );
}

'use client';
/** The groups of the Settings page. Labels and help come from the settings schema (SETTING_TEXT). */
import { Braces, Clock, Cpu, Globe, Mail, Plus, ShieldCheck, ToggleRight, Trash2, TriangleAlert, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SETTING_TEXT, type SettingKey, type Settings } from '@/core/settings-schema';
import { FEATURE_KEYS, type FeatureKey } from '@/core/features';
import { buttonClass, Button } from '../../components/button';
import { Switch } from '../../components/switch';
import { mayLeave } from '../../lib/nav-guard';
import { describedBy, FieldShell, inputClass } from '../../workflows/[id]/components/field-shell';
import type { NumberKey, SettingsForm } from '../lib/form';

interface SectionsProps {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  problems: Partial<Record<SettingKey, string>>;
  defaults: Settings;
  mailServers: Array<{ id: string; name: string }>;
  /** TASKMASTER_PUBLIC_URL, which wins over the saved public address; null when not set. */
  publicUrlFromEnvironment: string | null;
  /** Absent while there are unsaved changes (the clean-up uses the saved rules). */
  onPruneNow?: () => void;
  pruning: boolean;
}

const id = (key: SettingKey) => `setting-${key}`;

function Section({
  icon: Icon,
  title,
  description,
  children,
}: {
  icon: LucideIcon;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${title}-title`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex items-start gap-3 border-b border-slate-100 px-5 py-3.5">
        <Icon aria-hidden className="mt-0.5 size-5 shrink-0 text-indigo-600" />
        <div>
          <h2 id={`${title}-title`} className="font-semibold text-slate-900">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
      </header>
      <div className="flex flex-col gap-5 px-5 py-4">{children}</div>
    </section>
  );
}

export function SettingsSections({
  form,
  set,
  problems,
  defaults,
  mailServers,
  publicUrlFromEnvironment,
  onPruneNow,
  pruning,
}: SectionsProps) {
  const number = (key: NumberKey, min: number, max: number, extra?: ReactNode) => (
    <FieldShell id={id(key)} label={SETTING_TEXT[key].label} help={SETTING_TEXT[key].help} problem={problems[key]}>
      <div className="flex items-center gap-3">
        <input
          id={id(key)}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={form[key]}
          onChange={(e) => set(key, e.target.value)}
          aria-invalid={problems[key] ? true : undefined}
          aria-describedby={describedBy(id(key), SETTING_TEXT[key].help, problems[key])}
          className={`${inputClass} h-9 max-w-32`}
        />
        <span className="text-xs text-slate-500">Default: {defaults[key]}</span>
        {extra}
      </div>
    </FieldShell>
  );

  const toggle = (key: 'shellEnabled' | 'denyPrivateNetworks' | FeatureKey) => (
    <div className="flex flex-col gap-1">
      <Switch
        id={id(key)}
        checked={form[key]}
        onChange={(on) => set(key, on)}
        label={SETTING_TEXT[key].label}
        describedBy={`${id(key)}-help`}
      />
      <p id={`${id(key)}-help`} className="text-xs leading-snug text-slate-600">
        {SETTING_TEXT[key].help}
      </p>
      {problems[key] && <p className="text-xs text-red-700">{problems[key]}</p>}
    </div>
  );

  const chosenMail = form.defaultSmtpCredentialId;
  const mailGone = chosenMail !== '' && !mailServers.some((m) => m.id === chosenMail);

  return (
    <div className="flex flex-col gap-5">
      <Section icon={Globe} title="Address" description="Where people and other services reach this TaskMaster.">
        <PublicAddress form={form} set={set} problem={problems.publicUrl} fromEnvironment={publicUrlFromEnvironment} />
      </Section>

      <Section icon={Clock} title="When a step fails or hangs" description="Defaults for every step that does not set its own.">
        <div className="grid grid-cols-2 gap-5">
          {number('defaultRetries', 0, 10)}
          {number('defaultTimeoutSeconds', 0, 86_400)}
        </div>
      </Section>

      <Section icon={Cpu} title="Workers" description="How much one worker process does at the same time.">
        <div className="grid grid-cols-2 gap-5">
          {number(
            'workerConcurrency',
            1,
            1000,
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900">
              After a restart
            </span>,
          )}
          {number('browsersPerWorker', 1, 64)}
        </div>
      </Section>

      <Section icon={Trash2} title="Keeping runs" description="Old runs and their step results are deleted every hour, by these rules.">
        <div className="grid grid-cols-2 gap-5">
          {number('retentionDays', 0, 36_500)}
          {number('retentionRunsPerWorkflow', 0, 1_000_000)}
        </div>
        <div className="flex items-center gap-3">
          <Button size="sm" onClick={onPruneNow} disabled={!onPruneNow || pruning}>
            <Trash2 aria-hidden className="size-3.5" /> {pruning ? 'Cleaning up…' : 'Clean up now'}
          </Button>
          <p className="text-xs text-slate-600">
            {onPruneNow
              ? 'Deletes what the saved rules say right away, instead of at the next hourly clean-up.'
              : 'Save your changes first.'}
          </p>
        </div>
      </Section>

      <Section
        icon={ToggleRight}
        title="Features"
        description="Turn off what this TaskMaster should not offer. Pages then say it is off, and the server refuses it with a plain message."
      >
        <div className="grid gap-5 md:grid-cols-2">
          {FEATURE_KEYS.map((key) => (
            <div key={key}>{toggle(key)}</div>
          ))}
        </div>
      </Section>

      <Section icon={ShieldCheck} title="Security" description="What steps may do on this computer and on the network.">
        {toggle('shellEnabled')}
        {form.shellEnabled && (
          <p className="flex gap-1.5 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-950">
            <TriangleAlert aria-hidden className="mt-0.5 size-3.5 shrink-0" />
            Anyone who can edit a workflow can then run any program here, as the user the TaskMaster server runs as: read and change its
            files, and reach this computer’s network.
          </p>
        )}
        {number('codeMemoryLimitMb', 16, 4_096)}
        {number('stepOutputLimitMb', 1, 4_096)}
        <FieldShell
          id={id('allowedHosts')}
          label={SETTING_TEXT.allowedHosts.label}
          help={SETTING_TEXT.allowedHosts.help}
          problem={problems.allowedHosts}
        >
          <textarea
            id={id('allowedHosts')}
            rows={4}
            value={form.allowedHosts}
            onChange={(e) => set('allowedHosts', e.target.value)}
            placeholder={'api.example.com\n*.mycompany.com'}
            spellCheck={false}
            aria-invalid={problems.allowedHosts ? true : undefined}
            aria-describedby={describedBy(id('allowedHosts'), SETTING_TEXT.allowedHosts.help, problems.allowedHosts)}
            className={`${inputClass} py-1.5 font-mono`}
          />
        </FieldShell>
        {toggle('denyPrivateNetworks')}
      </Section>

      <Section icon={Braces} title="Variables" description="Values every workflow can use, such as a region or a base address.">
        <FieldShell
          id={id('variables')}
          label={SETTING_TEXT.variables.label}
          help={SETTING_TEXT.variables.help}
          problem={problems.variables}
        >
          <textarea
            id={id('variables')}
            rows={4}
            value={form.variables}
            onChange={(e) => set('variables', e.target.value)}
            placeholder={'region = eu\napi_base = https://api.example.com'}
            spellCheck={false}
            aria-invalid={problems.variables ? true : undefined}
            aria-describedby={describedBy(id('variables'), SETTING_TEXT.variables.help, problems.variables)}
            className={`${inputClass} py-1.5 font-mono`}
          />
        </FieldShell>
      </Section>

      <Section icon={Mail} title="Email" description="For Send email steps.">
        <FieldShell
          id={id('defaultSmtpCredentialId')}
          label={SETTING_TEXT.defaultSmtpCredentialId.label}
          help={SETTING_TEXT.defaultSmtpCredentialId.help}
          problem={problems.defaultSmtpCredentialId ?? (mailGone ? 'The chosen mail server was deleted. Choose another one.' : undefined)}
        >
          <div className="flex items-center gap-3">
            <select
              id={id('defaultSmtpCredentialId')}
              value={chosenMail}
              onChange={(e) => set('defaultSmtpCredentialId', e.target.value)}
              aria-describedby={describedBy(
                id('defaultSmtpCredentialId'),
                SETTING_TEXT.defaultSmtpCredentialId.help,
                problems.defaultSmtpCredentialId,
              )}
              className={`${inputClass} h-9 max-w-80`}
            >
              <option value="">None: each step names its own server</option>
              {mailGone && <option value={chosenMail}>(deleted mail server)</option>}
              {mailServers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            <Link href="/credentials?new=smtp" onClick={(e) => !mayLeave() && e.preventDefault()} className={buttonClass('ghost', 'sm')}>
              <Plus aria-hidden className="size-3.5" /> New mail server
            </Link>
          </div>
        </FieldShell>
      </Section>
    </div>
  );
}

function PublicAddress({
  form,
  set,
  problem,
  fromEnvironment,
}: Pick<SectionsProps, 'form' | 'set'> & { problem?: string; fromEnvironment: string | null }) {
  const help = fromEnvironment
    ? `Set by TASKMASTER_PUBLIC_URL on the server: ${fromEnvironment}. Links use that address; change it there (and restart) or remove it to use this field.`
    : SETTING_TEXT.publicUrl.help;
  return (
    <FieldShell id={id('publicUrl')} label={SETTING_TEXT.publicUrl.label} help={help} problem={problem}>
      <input
        id={id('publicUrl')}
        type="url"
        value={fromEnvironment ?? form.publicUrl}
        onChange={(e) => set('publicUrl', e.target.value)}
        disabled={fromEnvironment !== null}
        placeholder="https://tm.example.com"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(id('publicUrl'), help, problem)}
        className={`${inputClass} h-9 font-mono disabled:bg-slate-100 disabled:text-slate-600`}
      />
    </FieldShell>
  );
}

'use client';
/** Per-step settings: retries, their wait, a time limit and what happens if the step still fails. */
import type { NodeSettings } from '../../../lib/api-types';
import { FieldShell, inputClass } from './field-shell';

interface FailureSettingsProps {
  nodeId: string;
  settings: NodeSettings;
  onChange: (settings: NodeSettings) => void;
  disabled?: boolean;
}

const ON_ERROR: Array<{ value: NodeSettings['onError']; label: string }> = [
  { value: 'stop', label: 'Stop the whole run' },
  { value: 'continue', label: 'Carry on (the error is added to the items)' },
  { value: 'errorOutput', label: 'Send the items out of an extra "error" output' },
];

const ON_WARNING: Array<{ value: string; label: string }> = [
  { value: '', label: 'As the workflow says (Workflow details)' },
  { value: 'continue', label: 'Go on, and mark the step' },
  { value: 'fail', label: 'Stop the run (it fails)' },
];

/** Seconds in the form, milliseconds in the document. */
function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(value) ? value : min));
}

export function FailureSettings({ nodeId, settings, onChange, disabled }: FailureSettingsProps) {
  const id = (key: string) => `${nodeId}-settings-${key}`;
  const set = (patch: Partial<NodeSettings>) => onChange({ ...settings, ...patch });
  return (
    <div className="flex flex-col gap-3">
      <FieldShell
        id={id('retries')}
        label="Try again if it fails"
        help="How many extra tries before giving up (0 to 10). At 0, the default from Settings applies."
      >
        <input
          id={id('retries')}
          type="number"
          min={0}
          max={10}
          step={1}
          disabled={disabled}
          value={settings.retries}
          onChange={(e) => set({ retries: clamp(Math.round(Number(e.target.value)), 0, 10) })}
          className={`${inputClass} h-9`}
        />
      </FieldShell>
      <FieldShell id={id('backoff')} label="Wait before trying again (seconds)" help="The wait doubles after each try.">
        <input
          id={id('backoff')}
          type="number"
          min={0}
          step={0.5}
          disabled={disabled || settings.retries === 0}
          value={seconds(settings.retryBackoffMs)}
          onChange={(e) => set({ retryBackoffMs: clamp(Math.round(Number(e.target.value) * 1000), 0, 3_600_000) })}
          className={`${inputClass} h-9`}
        />
      </FieldShell>
      <FieldShell
        id={id('timeout')}
        label="Time limit (seconds)"
        help="The step fails if it takes longer. At 0, the default from Settings applies (no limit unless one is set there)."
      >
        <input
          id={id('timeout')}
          type="number"
          min={0}
          step={1}
          disabled={disabled}
          value={seconds(settings.timeoutMs)}
          onChange={(e) => set({ timeoutMs: clamp(Math.round(Number(e.target.value) * 1000), 0, 86_400_000) })}
          className={`${inputClass} h-9`}
        />
      </FieldShell>
      <FieldShell id={id('onError')} label="If it still fails">
        <select
          id={id('onError')}
          disabled={disabled}
          value={settings.onError}
          onChange={(e) => set({ onError: ON_ERROR.find((o) => o.value === e.target.value)?.value ?? 'stop' })}
          className={`${inputClass} h-9`}
        >
          {ON_ERROR.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </FieldShell>
      <FieldShell
        id={id('onWarning')}
        label="If it warns"
        help="A warning means the step worked but probably not as meant, like a field no item has."
      >
        <select
          id={id('onWarning')}
          disabled={disabled}
          value={settings.onWarning ?? ''}
          onChange={(e) => {
            const value = e.target.value === 'fail' || e.target.value === 'continue' ? e.target.value : undefined;
            const { onWarning: _old, ...rest } = settings;
            onChange(value ? { ...rest, onWarning: value } : rest);
          }}
          className={`${inputClass} h-9`}
        >
          {ON_WARNING.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </FieldShell>
    </div>
  );
}

'use client';
/**
 * The fields of one credential type, drawn from its JSON Schema. Secrets are password boxes
 * that start empty: a saved secret never comes back to the browser, it only shows as "Saved".
 */
import { Switch } from '../../components/switch';
import { asText, describedBy, FieldShell, inputClass } from '../../workflows/[id]/components/field-shell';
import { fieldsOf, type FieldSpec } from '../../workflows/[id]/lib/schema-fields';
import type { CredentialTypeEntry, ValueProblem } from '../lib/types';

interface CredentialValuesFormProps {
  type: CredentialTypeEntry;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  /** Secret fields that hold a saved value (editing). */
  savedSecrets: string[];
  /** Saved secrets the user chose to remove. */
  cleared: string[];
  onClearedChange: (cleared: string[]) => void;
  problems: ValueProblem[];
}

export function CredentialValuesForm({
  type,
  values,
  onChange,
  savedSecrets,
  cleared,
  onClearedChange,
  problems,
}: CredentialValuesFormProps) {
  const set = (key: string, value: unknown) => onChange({ ...values, [key]: value });
  return (
    <>
      {fieldsOf(type.schema).map((spec) => {
        const id = `credential-${spec.key}`;
        const problem = problems.find((p) => p.field === spec.key)?.message;
        const secret = type.secretFields.includes(spec.key);
        const shell = {
          id,
          label: spec.label,
          required: spec.required && !(secret && savedSecrets.includes(spec.key)),
          help: spec.help,
          problem,
        };
        if (secret) {
          return (
            <FieldShell key={spec.key} {...shell}>
              <SecretInput
                id={id}
                spec={spec}
                value={asText(values[spec.key])}
                onChange={(value) => set(spec.key, value)}
                saved={savedSecrets.includes(spec.key)}
                cleared={cleared.includes(spec.key)}
                onClear={(clear) => onClearedChange(clear ? [...cleared, spec.key] : cleared.filter((k) => k !== spec.key))}
                describedBy={describedBy(id, spec.help, problem)}
              />
            </FieldShell>
          );
        }
        return (
          <FieldShell key={spec.key} {...shell} hideLabel={spec.kind === 'switch'}>
            <PlainInput
              id={id}
              spec={spec}
              value={values[spec.key] ?? spec.defaultValue}
              onChange={(value) => set(spec.key, value)}
              describedBy={describedBy(id, spec.help, problem)}
              invalid={Boolean(problem)}
            />
          </FieldShell>
        );
      })}
    </>
  );
}

interface SecretInputProps {
  id: string;
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  saved: boolean;
  cleared: boolean;
  onClear: (clear: boolean) => void;
  describedBy?: string;
}

function SecretInput({ id, spec, value, onChange, saved, cleared, onClear, describedBy: described }: SecretInputProps) {
  const placeholder = cleared ? 'Removed when you save' : saved ? 'Saved — type to replace' : spec.placeholder;
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="password"
        // Not the browser's own password: keep its password manager from filling it in.
        autoComplete="new-password"
        value={value}
        disabled={cleared}
        placeholder={placeholder}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass} h-9`}
      />
      {saved && !spec.required && value === '' && (
        <button
          type="button"
          onClick={() => onClear(!cleared)}
          className="shrink-0 rounded px-1 text-xs text-slate-600 underline hover:text-slate-900"
        >
          {cleared ? 'Keep it' : 'Remove'}
        </button>
      )}
    </div>
  );
}

interface PlainInputProps {
  id: string;
  spec: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  describedBy?: string;
  invalid: boolean;
}

function PlainInput({ id, spec, value, onChange, describedBy: described, invalid }: PlainInputProps) {
  const aria = { id, 'aria-describedby': described, 'aria-invalid': invalid || undefined };
  switch (spec.kind) {
    case 'switch':
      return <Switch id={id} checked={value === true} onChange={onChange} label={spec.label} describedBy={described} />;
    case 'select':
      return (
        <select {...aria} value={asText(value)} onChange={(e) => onChange(e.target.value)} className={`${inputClass} h-9`}>
          {spec.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'number':
      return (
        <input
          {...aria}
          type="number"
          min={spec.min}
          max={spec.max}
          step={spec.integer ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          className={`${inputClass} h-9`}
        />
      );
    default:
      return (
        <input
          {...aria}
          type="text"
          autoComplete="off"
          value={asText(value)}
          placeholder={spec.placeholder}
          onChange={(e) => onChange(e.target.value)}
          className={`${inputClass} h-9`}
        />
      );
  }
}

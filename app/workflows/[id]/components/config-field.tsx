'use client';
/** One config field, drawn by its kind (from the node type's JSON Schema and UI hints). */
import { Switch } from '../../../components/switch';
import type { FieldSpec } from '../lib/schema-fields';
import { asText, describedBy, FieldShell, inputClass } from './field-shell';
import { CodeEditor } from './code-editor';
import { CredentialField } from './credential-field';
import { JsonField } from './json-field';
import { ListField } from './list-field';
import { PickButton } from './pick-button';
import { ProfileSelect } from './profile-select';
import { StepGroupList, StepSelect, type StepChoice } from './step-select';
import { UploadButton } from './upload-button';
import { WorkflowSelect } from './workflow-select';
import { SECRET_KEPT } from '@/core/step-secrets';

interface ConfigFieldProps {
  spec: FieldSpec;
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  problem?: string;
  disabled?: boolean;
  /** Inside a list row: smaller, no help text repeated per row. */
  compact?: boolean;
  /** The workflow's other steps, for fields that name a step (widget 'step'). */
  steps?: StepChoice[];
}

export function ConfigField({ spec, id, value, onChange, problem, disabled, compact, steps = [] }: ConfigFieldProps) {
  const current = value === undefined ? spec.defaultValue : value;
  const help = compact ? undefined : spec.help;
  const aria = {
    id,
    disabled,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy(id, help, problem),
    'aria-required': spec.required || undefined,
  };

  const control = (() => {
    switch (spec.kind) {
      case 'switch':
        return <Switch id={id} checked={current === true} onChange={onChange} label={spec.label} disabled={disabled} />;
      case 'select':
        return (
          <select {...aria} value={asText(current)} onChange={(e) => onChange(e.target.value)} className={`${inputClass} h-9`}>
            {current === undefined && <option value="">Choose…</option>}
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
            inputMode={spec.integer ? 'numeric' : 'decimal'}
            min={spec.min}
            max={spec.max}
            step={spec.integer ? 1 : 'any'}
            value={typeof current === 'number' ? current : ''}
            onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
            className={`${inputClass} h-9`}
          />
        );
      case 'textarea':
        return (
          <textarea
            {...aria}
            data-expr={spec.expressions ? '' : undefined}
            rows={compact ? 2 : 4}
            value={asText(current)}
            placeholder={spec.placeholder}
            onChange={(e) => onChange(e.target.value)}
            className={`${inputClass} py-1.5`}
          />
        );
      case 'code':
        return (
          <CodeEditor
            language={spec.language ?? 'javascript'}
            label={spec.label}
            value={asText(current)}
            onChange={onChange}
            height={compact ? 100 : 240}
            readOnly={disabled}
            describedBy={aria['aria-describedby']}
          />
        );
      case 'secret':
        return (
          // A saved secret is never sent to the page (core/step-secrets.ts): the field shows it is kept.
          <input
            {...aria}
            type="password"
            autoComplete="off"
            value={current === SECRET_KEPT ? '' : asText(current)}
            placeholder={current === SECRET_KEPT ? 'Saved and hidden: type a new value to replace it' : spec.placeholder}
            onChange={(e) => onChange(e.target.value)}
            className={`${inputClass} h-9`}
          />
        );
      case 'json':
        return (
          <JsonField id={id} label={spec.label} value={current} onChange={onChange} disabled={disabled} help={help} problem={problem} />
        );
      case 'browser-profile':
        return (
          <ProfileSelect id={id} value={asText(current)} onChange={onChange} disabled={disabled} describedBy={aria['aria-describedby']} />
        );
      case 'credential':
        return (
          <CredentialField
            id={id}
            value={asText(current)}
            onChange={onChange}
            types={spec.credentialTypes ?? []}
            disabled={disabled}
            describedBy={aria['aria-describedby']}
            invalid={Boolean(problem)}
          />
        );
      case 'workflow':
        return (
          <WorkflowSelect id={id} value={asText(current)} onChange={onChange} disabled={disabled} describedBy={aria['aria-describedby']} />
        );
      case 'step':
        return <StepSelect aria={aria} value={asText(current)} onChange={onChange} steps={steps} emptyLabel={spec.placeholder ?? 'None'} />;
      case 'steps':
        return <StepGroupList id={id} value={current} steps={steps} describedBy={aria['aria-describedby']} />;
      case 'keyvalue':
      case 'list':
        return <ListField spec={spec} id={id} value={current} onChange={onChange} disabled={disabled} />;
      default: {
        // A text field can hold a typed secret (a header value inside a list): shown as hidden, like the secret widget.
        if (current === SECRET_KEPT) {
          return (
            <input
              {...aria}
              type="password"
              autoComplete="off"
              value=""
              placeholder="Saved and hidden: type a new value to replace it"
              onChange={(e) => onChange(e.target.value)}
              className={`${inputClass} h-9`}
            />
          );
        }
        const input = (
          <input
            {...aria}
            data-expr={spec.expressions || spec.fieldName ? '' : undefined}
            data-field-name={spec.fieldName}
            type="text"
            value={asText(current)}
            placeholder={spec.placeholder}
            onChange={(e) => onChange(e.target.value)}
            className={`${inputClass} h-9 min-w-0`}
          />
        );
        if (!spec.pick || compact) return input;
        return (
          <div className="flex items-center gap-2">
            {input}
            <PickButton fieldLabel={spec.label} onPick={onChange} disabled={disabled} />
          </div>
        );
      }
    }
  })();

  return (
    <FieldShell
      id={id}
      label={spec.label}
      required={spec.required}
      help={help}
      problem={problem}
      hideLabel={spec.kind === 'switch'}
      group={spec.kind === 'list' || spec.kind === 'keyvalue'}
    >
      {control}
      {spec.upload && <UploadButton onUploaded={onChange} disabled={disabled} />}
      {spec.kind === 'code' && !compact && (
        <p className="text-xs text-slate-500">In the code box, Tab indents. To leave it with the keyboard, press Ctrl+M, then Tab.</p>
      )}
    </FieldShell>
  );
}

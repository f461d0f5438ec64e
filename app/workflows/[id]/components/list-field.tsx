'use client';
/**
 * Lists of rows: name/value pairs as a two-column table (headers, query fields, fields to set),
 * and lists of small forms (an If's conditions) as numbered cards.
 */
import { Plus, X } from 'lucide-react';
import { Button } from '../../../components/button';
import { emptyRow, type FieldSpec } from '../lib/schema-fields';
import { ConfigField } from './config-field';
import { SECRET_KEPT } from '@/core/step-secrets';
import { asText, inputClass } from './field-shell';

interface ListFieldProps {
  spec: FieldSpec;
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
}

type Row = Record<string, unknown>;

function rowsOf(value: unknown): Row[] {
  return Array.isArray(value)
    ? value.map((r) => (typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Row) : { value: r }))
    : [];
}

/** "Conditions" → "Condition": for row titles and the add button. */
function singular(label: string): string {
  const plural = label.split(/\s+/).find((w) => /^[A-Za-z]{3,}s$/.test(w));
  const word = plural ? plural.slice(0, -1) : 'row';
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

export function ListField({ spec, id, value, onChange, disabled }: ListFieldProps) {
  const rows = rowsOf(value);
  const itemFields = spec.itemFields ?? [];
  const one = singular(spec.label);
  const setRow = (index: number, patch: Row) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const removeRow = (index: number) => onChange(rows.filter((_, i) => i !== index));
  const addRow = () => onChange([...rows, emptyRow(itemFields)]);

  const addButton = (
    <Button size="sm" onClick={addRow} disabled={disabled} className="self-start">
      <Plus aria-hidden className="size-3.5" /> Add {one.toLowerCase()}
    </Button>
  );

  if (spec.kind === 'keyvalue') {
    return (
      <div role="group" aria-labelledby={`${id}-label`} className="flex flex-col gap-1.5">
        {rows.length > 0 && (
          <div className="grid grid-cols-[1fr_1fr_1.75rem] gap-1.5 text-xs font-medium text-slate-600">
            {itemFields.map((f) => (
              <span key={f.key}>{f.label}</span>
            ))}
            <span />
            {rows.map((row, i) => (
              <div key={i} className="contents">
                {itemFields.map((f) => (
                  // A header holding a secret (Authorization, X-API-Key…) comes as the kept-secret marker: shown as hidden, never as text to edit.
                  <input
                    key={f.key}
                    aria-label={`${one} ${i + 1}: ${f.label}`}
                    type={row[f.key] === SECRET_KEPT ? 'password' : 'text'}
                    autoComplete="off"
                    value={row[f.key] === SECRET_KEPT ? '' : asText(row[f.key])}
                    disabled={disabled}
                    placeholder={
                      row[f.key] === SECRET_KEPT
                        ? 'Saved and hidden: type to replace'
                        : f.key === 'name'
                          ? 'name'
                          : 'value or {{ expression }}'
                    }
                    data-expr={f.expressions ? '' : undefined}
                    onChange={(e) => setRow(i, { [f.key]: e.target.value })}
                    className={`${inputClass} h-8 font-normal`}
                  />
                ))}
                <button
                  type="button"
                  onClick={() => removeRow(i)}
                  disabled={disabled}
                  aria-label={`Remove ${one.toLowerCase()} ${i + 1}`}
                  className="flex items-center justify-center rounded text-slate-500 hover:bg-red-50 hover:text-red-700"
                >
                  <X aria-hidden className="size-4" />
                </button>
              </div>
            ))}
          </div>
        )}
        {rows.length === 0 && <p className="text-xs text-slate-500">Nothing yet.</p>}
        {addButton}
      </div>
    );
  }

  return (
    <div role="group" aria-labelledby={`${id}-label`} className="flex flex-col gap-2">
      {rows.map((row, i) => (
        <fieldset key={i} className="rounded-md border border-slate-200 bg-slate-50/60 p-2.5">
          <legend className="sr-only">
            {one} {i + 1}
          </legend>
          <div className="mb-1.5 flex items-center justify-between">
            <span aria-hidden className="text-xs font-semibold text-slate-600">
              {one} {i + 1}
            </span>
            <button
              type="button"
              onClick={() => removeRow(i)}
              disabled={disabled}
              aria-label={`Remove ${one.toLowerCase()} ${i + 1}`}
              className="rounded p-0.5 text-slate-500 hover:bg-red-50 hover:text-red-700"
            >
              <X aria-hidden className="size-4" />
            </button>
          </div>
          <div className="flex flex-col gap-2">
            {itemFields.map((f) => (
              <ConfigField
                key={f.key}
                spec={f}
                id={`${id}-${i}-${f.key}`}
                value={row[f.key]}
                onChange={(v) => setRow(i, { [f.key]: v })}
                disabled={disabled}
                compact
              />
            ))}
          </div>
        </fieldset>
      ))}
      {addButton}
    </div>
  );
}

'use client';
/**
 * "Use data from earlier steps": the fields that reach this step, as buttons. A click puts the
 * field's reference into the text field that last had the cursor, where the cursor was. Fields
 * that take references are marked `data-expr`; the form tracks which of them had focus last.
 */
import { Braces } from 'lucide-react';
import { useState, type RefObject } from 'react';
import { withFieldName, type DataField, type DataSource } from '../lib/data-sources';

export type ExpressionTarget = HTMLInputElement | HTMLTextAreaElement;

/** Sets a React-controlled field's text as a person typing would, so its own onChange runs. */
function setValue(el: ExpressionTarget, value: string, cursor: number): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')?.set;
  setter?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.focus();
  el.setSelectionRange(cursor, cursor);
}

/** Puts `text` where the cursor is (replacing a selection). */
export function insertInto(el: ExpressionTarget, text: string): void {
  const start = el.selectionStart ?? el.value.length;
  const end = el.selectionEnd ?? start;
  setValue(el, el.value.slice(0, start) + text + el.value.slice(end), start + text.length);
}

/** A setting that asks for field names (marked by the form) gets the name; others the reference. */
function put(el: ExpressionTarget, field: DataField): void {
  const kind = el.dataset.fieldName;
  if (kind === 'one' || kind === 'list') {
    const value = withFieldName(el.value, field.name, kind);
    setValue(el, value, value.length);
  } else {
    insertInto(el, field.expression);
  }
}

interface DataPickerProps {
  sources: DataSource[];
  /** The field that last had the cursor (set by the form). */
  target: RefObject<ExpressionTarget | null>;
}

export function DataPicker({ sources, target }: DataPickerProps) {
  const [note, setNote] = useState<string | null>(null);
  if (sources.length === 0) return null;
  // Variables and the run's dates are always there; the hint is about fields of items.
  const anyFields = sources.some((s) => !s.id.startsWith('$') && s.fields.length > 0);

  const pick = (field: DataField) => {
    const el = target.current;
    if (el && el.isConnected && !el.disabled) {
      put(el, field);
      setNote(null);
    } else {
      setNote('Click into a text field first, then on the data to put there.');
    }
  };

  return (
    <details className="rounded-md border border-indigo-200 bg-indigo-50/50" data-testid="data-picker">
      <summary className="flex cursor-pointer items-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium text-indigo-900 hover:bg-indigo-50">
        <Braces aria-hidden className="size-4" /> Use data from earlier steps
      </summary>
      <div className="flex max-h-72 flex-col gap-3 relative overflow-y-auto border-t border-indigo-100 p-3">
        <p className="text-xs text-slate-600">
          Click into a text field below, then on a field here: its value for each item goes where the cursor is. A setting that asks for a
          field (like Filter’s “Field”) gets the field’s name.
        </p>
        {!anyFields && (
          <p className="text-xs text-slate-600">Run the workflow once (or pin sample output) to see which fields arrive here.</p>
        )}
        {sources.map((source) =>
          source.fields.length === 0 ? null : (
            <div key={source.id} className="flex flex-col gap-1">
              <p className="text-xs font-semibold text-slate-700">
                {source.id === 'input' || source.id.startsWith('$') ? source.label : `From “${source.label}”`}
              </p>
              <ul className="flex flex-wrap gap-1">
                {source.fields.map((f) => (
                  <li key={f.name}>
                    <button
                      type="button"
                      // Keep the cursor in the text field: a mouse-down here would otherwise move focus.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => pick(f)}
                      // Says what happens in words: the reference itself names steps by their internal id.
                      title={`Puts “${f.name}” where the cursor is: its value, or its name where a setting asks for a field`}
                      className="flex max-w-full items-center gap-1 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs hover:border-indigo-400 hover:bg-indigo-50"
                    >
                      <span className="font-medium text-slate-800">{f.name}</span>
                      {f.sample && <span className="truncate text-slate-600">{f.sample}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ),
        )}
        {note && (
          <p role="status" className="text-xs text-amber-800">
            {note}
          </p>
        )}
      </div>
    </details>
  );
}

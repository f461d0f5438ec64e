'use client';
/** Simple tabs: a tablist of buttons; Left/Right arrows move between tabs. */
import type { KeyboardEvent, ReactNode } from 'react';

export interface TabSpec<T extends string> {
  id: T;
  label: ReactNode;
  disabled?: boolean;
}

interface TabsProps<T extends string> {
  tabs: Array<TabSpec<T>>;
  current: T;
  onChange: (id: T) => void;
  label: string;
  idPrefix: string;
}

export function Tabs<T extends string>({ tabs, current, onChange, label, idPrefix }: TabsProps<T>) {
  const enabled = tabs.filter((t) => !t.disabled);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = enabled.findIndex((t) => t.id === current);
    const next = enabled[(index + (event.key === 'ArrowRight' ? 1 : enabled.length - 1)) % enabled.length];
    if (next) {
      onChange(next.id);
      document.getElementById(`${idPrefix}-tab-${next.id}`)?.focus();
    }
  };
  return (
    <div role="tablist" aria-label={label} className="flex border-b border-slate-200 px-2" onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={`${idPrefix}-tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={t.id === current}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={t.id === current ? 0 : -1}
          disabled={t.disabled}
          onClick={() => onChange(t.id)}
          className={`-mb-px flex items-center gap-1.5 whitespace-nowrap border-b-2 px-2.5 py-2 text-sm disabled:cursor-not-allowed disabled:opacity-40 ${t.id === current ? 'border-indigo-600 font-semibold text-indigo-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

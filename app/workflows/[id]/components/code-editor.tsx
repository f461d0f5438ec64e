'use client';
/**
 * The code box for `code` (JavaScript) and `json` fields: Monaco, loaded from this app's own
 * files (never a CDN) and only in the browser, when a step with such a field is opened.
 */
import dynamic from 'next/dynamic';

export interface CodeEditorProps {
  value: string;
  onChange: (text: string) => void;
  language: 'javascript' | 'json' | 'python';
  /** What a screen reader calls the box (the field's label). */
  label: string;
  height: number;
  readOnly?: boolean;
  /** Ids of the help and problem texts. */
  describedBy?: string;
}

export const CodeEditor = dynamic<CodeEditorProps>(() => import('./monaco-box').then((m) => m.MonacoBox), {
  ssr: false,
  loading: () => (
    <div className="flex h-24 items-center justify-center rounded-md border border-slate-300 bg-slate-50 text-xs text-slate-500">
      Loading the code editor…
    </div>
  ),
});

'use client';
/**
 * Monaco itself. Imported only through code-editor.tsx (dynamic, no server rendering): it
 * touches `self` and starts web workers, which exist only in the browser.
 */
import Editor, { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import type { CodeEditorProps } from './code-editor';

// Workers come from our own bundle; @monaco-editor/react would otherwise fetch Monaco from a CDN.
self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'typescript' || label === 'javascript') {
      return new Worker(new URL('monaco-editor/language/typescript/ts.worker', import.meta.url), { type: 'module' });
    }
    if (label === 'json') return new Worker(new URL('monaco-editor/language/json/json.worker', import.meta.url), { type: 'module' });
    return new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), { type: 'module' });
  },
};
loader.config({ monaco });

export function MonacoBox({ value, onChange, language, label, height, readOnly, describedBy }: CodeEditorProps) {
  return (
    <div
      className="overflow-hidden rounded-md border border-slate-300 focus-within:border-indigo-500"
      data-testid={`code-editor-${language}`}
      aria-describedby={describedBy}
    >
      <Editor
        height={height}
        language={language}
        value={value}
        onChange={(text) => onChange(text ?? '')}
        loading={<span className="text-xs text-slate-500">Loading the code editor…</span>}
        options={{
          ariaLabel: label,
          readOnly,
          // Chromium's EditContext drops typed spaces in some setups (headless included).
          editContext: false,
          minimap: { enabled: false },
          lineNumbers: language === 'json' ? 'off' : 'on',
          lineNumbersMinChars: 3,
          folding: false,
          fontSize: 12,
          wordWrap: 'on',
          scrollBeyondLastLine: false,
          automaticLayout: true,
          tabSize: 2,
          // Enter makes a new line; a suggestion is taken with Tab (fewer surprises while typing).
          acceptSuggestionOnEnter: 'off',
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          fixedOverflowWidgets: true,
          padding: { top: 6, bottom: 6 },
        }}
      />
    </div>
  );
}

'use client';
import { Trash2 } from 'lucide-react';
import { Button } from '../../components/button';
import { GraphPreview } from '../../components/graph/graph-preview';
import { NodeIcon } from '../../components/node-icon';
import type { CatalogEntry } from '../../lib/api-types';
import { typesOf, type TemplateEntry } from '../lib/filter';

interface TemplateCardProps {
  template: TemplateEntry;
  catalog: Map<string, CatalogEntry>;
  busy: boolean;
  onUse: () => void;
  onDelete?: () => void;
}

export function TemplateCard({ template, catalog, busy, onUse, onDelete }: TemplateCardProps) {
  const types = typesOf(template);
  return (
    <article
      data-testid="template-card"
      aria-labelledby={`tpl-${template.id}`}
      className="flex flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <div className="h-32 border-b border-slate-100 bg-slate-50 p-3">
        <GraphPreview
          document={template.document}
          isTrigger={(type) => catalog.get(type)?.category === 'trigger'}
          className="h-full w-full"
        />
      </div>
      <div className="flex flex-1 flex-col gap-2 p-4">
        <div className="flex items-start justify-between gap-2">
          <h2 id={`tpl-${template.id}`} className="font-semibold text-slate-900">
            {template.name}
          </h2>
          <span className="shrink-0 rounded-full border border-slate-200 bg-slate-50 px-2 py-0.5 text-xs text-slate-600">
            {template.category}
          </span>
        </div>
        <p className="flex-1 text-sm text-slate-600">{template.description}</p>
        <ul className="flex flex-wrap gap-1.5" aria-label="Steps used">
          {types.map((type) => {
            const entry = catalog.get(type);
            return (
              <li
                key={type}
                title={entry?.displayName ?? type}
                className="flex items-center gap-1 rounded border border-slate-200 px-1.5 py-0.5 text-xs text-slate-700"
              >
                <NodeIcon icon={entry?.icon ?? 'box'} src={entry?.plugin?.iconUrl} className="size-3.5" />
                <span>{entry?.displayName ?? type}</span>
              </li>
            );
          })}
        </ul>
        <div className="mt-2 flex items-center justify-between gap-2">
          <span className="text-xs text-slate-500">{template.builtIn ? 'Built in' : 'Saved by you'}</span>
          <div className="flex gap-1">
            {onDelete && (
              <Button
                variant="ghost"
                size="sm"
                className="text-red-700 hover:bg-red-50"
                onClick={onDelete}
                aria-label={`Delete the template ${template.name}`}
              >
                <Trash2 aria-hidden className="size-3.5" /> Delete
              </Button>
            )}
            <Button variant="primary" size="sm" onClick={onUse} disabled={busy} aria-label={`Use the template ${template.name}`}>
              Use this template
            </Button>
          </div>
        </div>
      </div>
    </article>
  );
}

'use client';
/** On the canvas: the workflow's steps whose feature is switched off, so nobody finds out from a failed run. */
import { FeatureNote } from '../../../components/feature-note';
import type { CatalogEntry } from '../../../lib/api-types';
import { FEATURE_OFF_TEXT, offSwitchOf, useSystemStatus } from '../../../lib/system-status';

export function OffStepsNote({
  steps,
  catalog,
}: {
  steps: Array<{ data: { type: string; name: string } }>;
  catalog: ReadonlyMap<string, CatalogEntry>;
}) {
  const status = useSystemStatus().data;
  const off = new Map<keyof typeof FEATURE_OFF_TEXT, string[]>();
  for (const step of steps) {
    const entry = catalog.get(step.data.type);
    const key = entry ? offSwitchOf(entry, status) : null;
    if (key) off.set(key, [...(off.get(key) ?? []), `“${step.data.name}”`]);
  }
  if (off.size === 0) return null;
  return (
    <div className="pointer-events-auto flex max-w-xl flex-col gap-1.5 shadow-sm" data-testid="off-steps-note">
      {[...off].map(([key, names]) => (
        <FeatureNote key={key}>
          {names.join(', ')} can’t run: {FEATURE_OFF_TEXT[key]} Until then, runs of this workflow stop before their first step.
        </FeatureNote>
      ))}
    </div>
  );
}

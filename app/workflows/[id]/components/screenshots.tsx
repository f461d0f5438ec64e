'use client';
/**
 * Pictures a step left behind: output items with a `screenshot` field (Browser: screenshot) and
 * the picture of the page a failed Browser step put in its log. Previews are small data URLs
 * stored with the run; the full pictures are files in the data folder.
 */
import type { NodeRunView } from '../../../lib/api-types';

interface Picture {
  src: string;
  caption: string;
}

const MAX_PICTURES = 6;

function isImage(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('data:image/');
}

function fileOf(record: Record<string, unknown>): string {
  return typeof record.file === 'string' ? ` (${record.file} in the data folder)` : '';
}

function picturesOf(view: NodeRunView): Picture[] {
  const found: Picture[] = [];
  for (const entry of view.logs) {
    const data = entry.data;
    if (typeof data === 'object' && data !== null && isImage((data as Record<string, unknown>).screenshot)) {
      const record = data as Record<string, unknown>;
      found.push({ src: record.screenshot as string, caption: `The page when the step failed${fileOf(record)}` });
    }
  }
  for (const items of Object.values(view.outputPreview)) {
    items.forEach((item, i) => {
      if (isImage(item.screenshot)) found.push({ src: item.screenshot, caption: `Item ${i + 1}${fileOf(item)}` });
    });
  }
  return found.slice(0, MAX_PICTURES);
}

export function Screenshots({ view }: { view: NodeRunView }) {
  const pictures = picturesOf(view);
  if (pictures.length === 0) return null;
  return (
    <section aria-label="Pictures of the page" className="flex flex-col gap-2" data-testid="screenshots">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Pictures</h3>
      {pictures.map((picture, i) => (
        <figure key={i} className="flex flex-col gap-1">
          {/* A data URL stored with the run: next/image would gain nothing here. */}
          <img src={picture.src} alt={picture.caption} className="max-w-full rounded-md border border-slate-200" />
          <figcaption className="text-xs text-slate-600">{picture.caption}</figcaption>
        </figure>
      ))}
    </section>
  );
}

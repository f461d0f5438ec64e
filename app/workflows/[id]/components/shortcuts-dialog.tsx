'use client';
/** "?": every keyboard shortcut of the canvas, in words. */
import { Dialog } from '../../../components/dialog';
import { SHORTCUTS } from '../lib/keyboard';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} title="Keyboard shortcuts" description="On a Mac, use Cmd where it says Ctrl." width="lg">
      <div className="grid gap-6 sm:grid-cols-2">
        {SHORTCUTS.map((group) => (
          <section key={group.group} aria-labelledby={`keys-${group.group}`}>
            <h3 id={`keys-${group.group}`} className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {group.group}
            </h3>
            <dl className="space-y-1.5 text-sm">
              {group.items.map((item) => (
                <div key={item.what} className="flex items-start gap-3">
                  <dt className="flex w-32 shrink-0 flex-wrap gap-1">
                    {item.keys.map((k) => (
                      <kbd
                        key={k}
                        className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800 shadow-[0_1px_0_rgb(203_213_225)]"
                      >
                        {k}
                      </kbd>
                    ))}
                  </dt>
                  <dd className="text-slate-700">{item.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}

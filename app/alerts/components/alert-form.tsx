'use client';
/** The fields of one alert config; every change goes straight to the parent's copy. */
import type { RouterOutputs } from '../../lib/api-types';
import { FeatureNote } from '../../components/feature-note';
import { useSystemStatus } from '../../lib/system-status';
import { Switch } from '../../components/switch';

type Config = RouterOutputs['alerts']['get']['config'];
type Tracked = RouterOutputs['results']['list'][number];

interface AlertFormProps {
  config: Config;
  onChange: (next: Config) => void;
  workflows: Array<{ id: string; name: string }>;
  tracked: Tracked[];
}

const INPUT = 'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm';
const BOX = 'space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm';

function numberOrNull(text: string): number | null {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? null : n;
}

export function AlertForm({ config, onChange, workflows, tracked }: AlertFormProps) {
  const set = (patch: Partial<Config>) => onChange({ ...config, ...patch });
  const mailProblem = useSystemStatus().data?.mail ?? null;
  const threshold = (trackedId: string) =>
    config.thresholds.find((t) => t.trackedId === trackedId) ?? { trackedId, above: null, below: null };
  const setThreshold = (trackedId: string, patch: { above?: number | null; below?: number | null }) => {
    const next = { ...threshold(trackedId), ...patch };
    const rest = config.thresholds.filter((t) => t.trackedId !== trackedId);
    set({ thresholds: next.above === null && next.below === null ? rest : [...rest, next] });
  };
  const check = (key: 'onFailure' | 'onRecovery' | 'inApp', text: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={config[key]} onChange={(e) => set({ [key]: e.target.checked })} />
      {text}
    </label>
  );

  return (
    <div className="space-y-4">
      <Switch checked={config.enabled} onChange={(enabled) => set({ enabled })} label="Send alerts" />
      <fieldset className={BOX} disabled={!config.enabled}>
        <legend className="px-1 text-sm font-semibold">When</legend>
        {check('onFailure', 'A run fails')}
        {check('onRecovery', 'A run succeeds after the one before it failed')}
        <label className="flex flex-wrap items-center gap-2 text-sm">
          A run takes longer than
          <input
            type="number"
            min={1}
            className={`${INPUT} w-24`}
            value={config.slowerThanSeconds ?? ''}
            onChange={(e) => set({ slowerThanSeconds: numberOrNull(e.target.value) })}
            aria-label="Seconds"
          />
          seconds (empty: never)
        </label>
        {tracked.map((t) => (
          <div key={t.id} className="flex flex-wrap items-center gap-2 text-sm">
            <span>{t.shownAs} goes above</span>
            <input
              type="number"
              className={`${INPUT} w-24`}
              aria-label={`${t.shownAs} above`}
              value={threshold(t.id).above ?? ''}
              onChange={(e) => setThreshold(t.id, { above: numberOrNull(e.target.value) })}
            />
            <span>or below</span>
            <input
              type="number"
              className={`${INPUT} w-24`}
              aria-label={`${t.shownAs} below`}
              value={threshold(t.id).below ?? ''}
              onChange={(e) => setThreshold(t.id, { below: numberOrNull(e.target.value) })}
            />
          </div>
        ))}
      </fieldset>
      <fieldset className={BOX} disabled={!config.enabled}>
        <legend className="px-1 text-sm font-semibold">How</legend>
        {check('inApp', 'In the app (the bell at the top right)')}
        <label className="flex flex-col gap-1 text-sm">
          E-mail to
          <input
            className={INPUT}
            value={config.emailTo}
            onChange={(e) => set({ emailTo: e.target.value })}
            placeholder="ops@example.com, me@example.com"
          />
          <span className="text-xs text-slate-600">Sent through the default mail server chosen under Settings.</span>
          {mailProblem && config.emailTo.trim() !== '' && (
            <FeatureNote kind="missing" testId="mail-missing">
              {mailProblem}
            </FeatureNote>
          )}
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Webhook address
          <input
            className={INPUT}
            value={config.webhookUrl}
            onChange={(e) => set({ webhookUrl: e.target.value })}
            placeholder="https://hooks.example.com/alerts"
          />
          <span className="text-xs text-slate-600">Gets a POST with the alert as JSON. The outbound rules of Settings apply.</span>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Error workflow
          <select className={INPUT} value={config.errorWorkflowId} onChange={(e) => set({ errorWorkflowId: e.target.value })}>
            <option value="">None</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <span className="text-xs text-slate-600">
            Started when a run fails, with the run, the failed step, its error and the run’s input as its input.
          </span>
        </label>
      </fieldset>
    </div>
  );
}

/**
 * Which alerts a finished run raises under a config: a pure function of the run's outcome, its
 * workflow's previous outcome and the values tracked in it. tests/unit/alerts/decide.test.ts.
 */
import type { AlertConfig } from '../../core/alert-rules';

export type AlertKind = 'failed' | 'recovered' | 'slow' | 'threshold' | 'test';

export interface AlertEvent {
  kind: AlertKind;
  level: 'error' | 'warning' | 'success' | 'info';
  title: string;
  message: string;
}

export interface RunFacts {
  workflowName: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  /** The failed step's name and the error, for failed runs. */
  failedStep: string | null;
  errorMessage: string | null;
  durationMs: number;
  /** The status of the workflow's previous finished run (null: none). */
  previousStatus: 'succeeded' | 'failed' | null;
  tracked: Array<{ trackedId: string; label: string; value: number }>;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function decideAlerts(config: AlertConfig, run: RunFacts): AlertEvent[] {
  if (!config.enabled) return [];
  const out: AlertEvent[] = [];
  const name = `“${run.workflowName}”`;
  if (run.status === 'failed' && config.onFailure) {
    out.push({
      kind: 'failed',
      level: 'error',
      title: `${run.workflowName} failed`,
      message: `${run.failedStep ? `Step “${run.failedStep}”: ` : ''}${run.errorMessage ?? 'The run failed.'}`,
    });
  }
  if (run.status === 'succeeded' && run.previousStatus === 'failed' && config.onRecovery) {
    out.push({
      kind: 'recovered',
      level: 'success',
      title: `${run.workflowName} works again`,
      message: `${name} succeeded after failing.`,
    });
  }
  if (config.slowerThanSeconds !== null && run.durationMs > config.slowerThanSeconds * 1000) {
    out.push({
      kind: 'slow',
      level: 'warning',
      title: `${run.workflowName} was slow`,
      message: `The run took ${seconds(run.durationMs)}, more than the ${config.slowerThanSeconds} s set for alerts.`,
    });
  }
  for (const t of config.thresholds) {
    const value = run.tracked.find((v) => v.trackedId === t.trackedId);
    if (!value) continue;
    const crossed =
      t.above !== null && value.value > t.above
        ? `above ${t.above}`
        : t.below !== null && value.value < t.below
          ? `below ${t.below}`
          : null;
    if (crossed) {
      out.push({
        kind: 'threshold',
        level: 'warning',
        title: `${value.label} is ${crossed}`,
        message: `${name} recorded ${value.label} = ${value.value}, ${crossed}.`,
      });
    }
  }
  return out;
}

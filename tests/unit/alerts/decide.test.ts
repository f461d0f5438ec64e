import { describe, expect, it } from 'vitest';
import { decideAlerts, type RunFacts } from '../../../server/alerts/decide';
import { alertConfigSchema } from '../../../core/alert-rules';

const run = (over: Partial<RunFacts> = {}): RunFacts => ({
  workflowName: 'Prices',
  status: 'failed',
  failedStep: 'Fetch',
  errorMessage: 'HTTP 503',
  durationMs: 1200,
  previousStatus: null,
  tracked: [],
  ...over,
});
const config = (over: Record<string, unknown> = {}) => alertConfigSchema.parse(over);

describe('which alerts a run raises', () => {
  it('names the failed step and its error when a run fails', () => {
    expect(decideAlerts(config(), run())).toEqual([
      { kind: 'failed', level: 'error', title: 'Prices failed', message: 'Step “Fetch”: HTTP 503' },
    ]);
  });

  it('says "works again" only after a failure, and only when asked', () => {
    expect(decideAlerts(config({ onRecovery: true }), run({ status: 'succeeded', previousStatus: 'failed' })).map((e) => e.kind)).toEqual([
      'recovered',
    ]);
    expect(decideAlerts(config({ onRecovery: true }), run({ status: 'succeeded', previousStatus: 'succeeded' }))).toEqual([]);
    expect(decideAlerts(config(), run({ status: 'succeeded', previousStatus: 'failed' }))).toEqual([]);
  });

  it('alerts on slow runs and on tracked values beyond their thresholds', () => {
    const events = decideAlerts(
      config({
        onFailure: false,
        slowerThanSeconds: 1,
        thresholds: [
          { trackedId: 't1', above: 100 },
          { trackedId: 't2', below: 5 },
        ],
      }),
      run({
        tracked: [
          { trackedId: 't1', label: 'Price', value: 120 },
          { trackedId: 't2', label: 'Stock', value: 7 },
        ],
      }),
    );
    expect(events.map((e) => [e.kind, e.title])).toEqual([
      ['slow', 'Prices was slow'],
      ['threshold', 'Price is above 100'],
    ]);
  });

  it('sends nothing when alerts are off', () => {
    expect(decideAlerts(config({ enabled: false, slowerThanSeconds: 1 }), run())).toEqual([]);
  });
});

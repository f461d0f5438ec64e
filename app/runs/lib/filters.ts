/** The runs page's filter choices, as the user picks them, and what the API is asked. */
export const STATUS_CHOICES = [
  { value: 'failed', label: 'Failed' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'running', label: 'Running' },
  { value: 'queued', label: 'Waiting' },
  { value: 'cancelled', label: 'Cancelled' },
] as const;
export type StatusChoice = (typeof STATUS_CHOICES)[number]['value'];

export const TIME_CHOICES = [
  { value: 'any', label: 'Any time', ms: 0 },
  { value: '1h', label: 'Last hour', ms: 3600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
] as const;
export type TimeChoice = (typeof TIME_CHOICES)[number]['value'];

export interface RunFilters {
  statuses: StatusChoice[];
  workflowId: string;
  triggerKind: string;
  time: TimeChoice;
  /** When the time choice was made: "last hour" is counted from then, so pages stay stable. */
  timeSetAt: number;
  inputContains: string;
  sort: 'newest' | 'oldest';
}

export const NO_FILTERS: RunFilters = {
  statuses: [],
  workflowId: '',
  triggerKind: '',
  time: 'any',
  timeSetAt: 0,
  inputContains: '',
  sort: 'newest',
};

/** What `runs.search` is asked for these filters (empty choices left out). */
export function searchInput(f: RunFilters) {
  const span = TIME_CHOICES.find((c) => c.value === f.time)?.ms ?? 0;
  return {
    statuses: f.statuses.length ? f.statuses : undefined,
    workflowId: f.workflowId || undefined,
    triggerKind: f.triggerKind || undefined,
    from: span ? new Date(f.timeSetAt - span).toISOString() : undefined,
    inputContains: f.inputContains.trim() || undefined,
    sort: f.sort,
    limit: 50,
  };
}

const TRIGGER_WORDS: Record<string, string> = {
  manual: 'By hand',
  webhook: 'Web request',
  schedule: 'Schedule',
  poll: 'API poll',
  file: 'File change',
  postgres: 'Database rows',
  retry: 'Retry',
  'run-from': 'Run from a step',
};

/** A trigger kind in words ("schedule" → "Schedule"). */
export function triggerWords(kind: string): string {
  return TRIGGER_WORDS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ');
}

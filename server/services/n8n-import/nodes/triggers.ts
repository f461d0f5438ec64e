/** Manual, Schedule and Webhook triggers. */
import type { NodeConverter, NodeScope } from '../scope';
import { flag, isExpression, list, number, record, text } from '../params';

export const manualTrigger: NodeConverter = () => ({ type: 'manual-trigger', config: {} });

/** n8n's app triggers (Google Sheets, Slack…): started by hand here, with the reason in the report. */
export const unsupportedTrigger: NodeConverter = (scope) => {
  const name = scope.node.type.replace(/^n8n-nodes-base\./, '');
  scope.notConverted(
    'type',
    `was n8n's trigger "${name}", which TaskMaster has no trigger like; it became a Manual start. To start it by itself, use a Poll, Schedule or Webhook trigger`,
  );
  return { type: 'manual-trigger', config: {}, replacedBy: 'manual-trigger' };
};

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** One n8n schedule rule (`rule.interval[i]`) as our schedule settings. */
function scheduleRule(scope: NodeScope, rule: Record<string, unknown>): Record<string, unknown> {
  const field = text(rule, 'field', 'days');
  const hour = number(rule, 'triggerAtHour', 0);
  const minute = number(rule, 'triggerAtMinute', 0);
  const time = `${pad(hour)}:${pad(minute)}`;
  switch (field) {
    case 'seconds':
      scope.review(
        'rule.interval',
        `runs every ${number(rule, 'secondsInterval', 30)} seconds in n8n; TaskMaster schedules by the minute, so it runs every minute`,
      );
      return { mode: 'simple', every: 'minutes', interval: 1 };
    case 'minutes':
      return { mode: 'simple', every: 'minutes', interval: Math.min(59, Math.max(1, number(rule, 'minutesInterval', 5))) };
    case 'hours':
      return { mode: 'simple', every: 'hours', interval: Math.min(23, Math.max(1, number(rule, 'hoursInterval', 1))), minute };
    case 'days': {
      const every = number(rule, 'daysInterval', 1);
      if (every <= 1) return { mode: 'simple', every: 'day', time };
      return { mode: 'cron', cron: `${minute} ${hour} */${every} * *` };
    }
    case 'weeks': {
      const raw = rule.triggerAtDay;
      const days = (Array.isArray(raw) ? raw : [raw ?? 0]).map(Number).filter((d) => d >= 0 && d <= 6);
      if (number(rule, 'weeksInterval', 1) > 1) {
        scope.review('rule.interval', 'runs every few weeks in n8n; here it runs every week on the same days');
      }
      if (days.length <= 1) return { mode: 'simple', every: 'week', weekday: WEEKDAYS[days[0] ?? 0], time };
      return { mode: 'cron', cron: `${minute} ${hour} * * ${days.join(',')}` };
    }
    case 'months': {
      const day = number(rule, 'triggerAtDayOfMonth', 1);
      const every = number(rule, 'monthsInterval', 1);
      return { mode: 'cron', cron: `${minute} ${hour} ${day} ${every > 1 ? `*/${every}` : '*'} *` };
    }
    case 'cronExpression':
      return { mode: 'cron', cron: text(rule, 'expression', '0 9 * * *').trim() };
    default:
      scope.notConverted('rule.interval', `the interval "${field}" is not known; set the times by hand`);
      return { mode: 'simple', every: 'day', time: '09:00' };
  }
}

/**
 * Schedule trigger; the time zone comes from the workflow's settings (n8n's default is the
 * server's). Our Schedule step has one rule, so each further n8n rule becomes a Schedule step
 * of its own feeding the same steps: a run starts at whichever fires.
 */
export function scheduleTrigger(timezone: string | undefined): NodeConverter {
  return (scope) => {
    const rules = list(record(scope.params, 'rule'), 'interval');
    const zone = { timezone: timezone ?? 'UTC' };
    const [first, ...others] = (rules.length ? rules : [{}]).map((rule) => ({ ...scheduleRule(scope, rule), ...zone }));
    if (others.length) {
      scope.review(
        'rule.interval',
        `has ${rules.length} rules; each further rule became a Schedule step of its own ("${scope.node.name} (rule 2)"…) that starts the same steps`,
      );
    }
    if (!timezone)
      scope.review('timezone', "n8n used the server's time zone; the times are read in UTC here. Set the time zone in the step.");
    return { type: 'schedule-trigger', config: first, twins: others.map((config, i) => ({ suffix: `rule ${i + 2}`, config })) };
  };
}

const METHODS = new Set(['POST', 'GET', 'PUT', 'PATCH', 'DELETE']);
const PATH_FORMAT = /^[A-Za-z0-9_-]+(?:[/.][A-Za-z0-9_-]+)*$/;

export const webhook: NodeConverter = (scope) => {
  const p = scope.params;
  const config: Record<string, unknown> = {};
  const path = text(p, 'path').replace(/^\/+|\/+$/g, '');
  if (isExpression(p.path) || (path !== '' && !PATH_FORMAT.test(path))) {
    scope.notConverted(
      'path',
      `"${path}" can't be used as an address here (letters, digits, "-", "_" and "/" only, no :parameters); the step's id is used instead`,
    );
  } else {
    config.path = path;
  }
  const methods =
    flag(p, 'multipleMethods', false) && Array.isArray(p.httpMethod) ? p.httpMethod.map(String) : [text(p, 'httpMethod', 'GET')];
  if (methods.length === 1 && METHODS.has(methods[0])) config.method = methods[0];
  else {
    config.method = 'ANY';
    scope.review('httpMethod', `accepted ${methods.join(', ')} in n8n; here it accepts any method`);
  }
  const mode = text(p, 'responseMode', 'onReceived');
  config.respond = mode === 'onReceived' ? 'immediately' : 'whenDone';
  if (mode === 'responseNode') {
    scope.review(
      'responseMode',
      'answered through a "Respond to Webhook" step in n8n; here the webhook answers with the output of the step named in its settings when the workflow ends',
    );
  }
  const auth = text(p, 'authentication', 'none');
  if (auth !== 'none') {
    scope.notConverted(
      'authentication',
      `checked callers with ${auth} in n8n; credentials are not imported. Set a secret header in this step's settings.`,
    );
  }
  scope.ignoredOptions(record(p, 'options'), []);
  return { type: 'webhook-trigger', config };
};

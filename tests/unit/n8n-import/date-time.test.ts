/** n8n's Date & Time step (v1 moment formats, v2 operations) as our Date & time step. */
import { describe, expect, it } from 'vitest';
import { convertN8nWorkflow } from '../../../server/services/n8n-import';
import { momentToLuxon } from '../../../server/services/n8n-import/nodes/moment-format';

function importOne(parameters: Record<string, unknown>, typeVersion = 2, timezone?: string) {
  const workflow = {
    nodes: [
      { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'b', name: 'Dates', type: 'n8n-nodes-base.dateTime', typeVersion, position: [200, 0], parameters },
    ],
    connections: { Start: { main: [[{ node: 'Dates', type: 'main', index: 0 }]] } },
    settings: timezone ? { timezone } : {},
  };
  const { document, report } = convertN8nWorkflow(JSON.stringify(workflow));
  const step = document.nodes.find((n) => n.name === 'Dates')!;
  return { step, issues: report.issues.map((i) => `${i.severity}: ${i.field}: ${i.reason}`) };
}

describe('n8n Date & Time import', () => {
  it('turns moment formats into Luxon ones, quoting text and reporting near tokens', () => {
    const heard: string[] = [];
    expect(momentToLuxon('DD/MM/YYYY [at] HH:mm', (t) => heard.push(t))).toBe("dd/MM/yyyy 'at' HH:mm");
    expect(momentToLuxon('dddd, MMMM Do YYYY h:mm A', (t) => heard.push(t))).toBe('EEEE, MMMM d yyyy h:mm a');
    expect(momentToLuxon('X', (t) => heard.push(t))).toBe('X');
    expect(heard).toEqual(['Do']);
  });

  it('takes a plain $json date as the date field and any other expression as the "Date" setting', () => {
    const plain = importOne({ operation: 'extractDate', date: '={{ $json.order.createdAt }}', part: 'day' }, 2, 'Europe/Berlin');
    expect(plain.step.type).toBe('date-time');
    expect(plain.step.config).toMatchObject({
      operation: 'part',
      field: 'order.createdAt',
      part: 'day',
      output: 'datePart',
      zone: 'Europe/Berlin',
      keepFields: false,
    });
    expect(plain.issues).toEqual([]);
    const other = importOne({ operation: 'addToDate', magnitude: '={{ $json.a || $json.b }}', duration: 2, timeUnit: 'hours' }, 2, 'UTC');
    expect(other.step.config).toMatchObject({
      operation: 'add',
      date: '{{ $json.a || $json.b }}',
      amount: 2,
      unit: 'hours',
      output: 'newDate',
      fullDates: true,
    });
    expect(other.step.config).not.toHaveProperty('field');
  });

  it("reports a workflow without a time zone (n8n used the server's) and reads it as UTC", () => {
    const { step, issues } = importOne({ operation: 'roundDate', date: '={{ $json.at }}' });
    expect(step.config).toMatchObject({ operation: 'round', roundTo: 'month', roundUp: false, zone: 'UTC' });
    expect(issues).toEqual([expect.stringContaining("review: timezone: n8n used the server's time zone")]);
  });

  it('keeps v1 items whole and writes calculated dates as UTC ISO text', () => {
    const { step } = importOne(
      { action: 'calculate', value: '={{ $json.day }}', operation: 'subtract', duration: 2, timeUnit: 'weeks', dataPropertyName: 'before' },
      1,
    );
    expect(step.config).toMatchObject({
      operation: 'subtract',
      field: 'day',
      amount: 2,
      unit: 'weeks',
      output: 'before',
      fullDates: true,
      zone: 'UTC',
      keepFields: true,
    });
  });
});

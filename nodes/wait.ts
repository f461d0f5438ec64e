import { z } from 'zod';
import { defineNode, field, MAIN } from './types';

const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000 } as const;
// Timers overflow above 2^31-1 ms (about 24.8 days) and would fire at once instead.
const MAX_WAIT_MS = 24 * 24 * UNIT_MS.hours;

const config = z
  .object({
    amount: field(z.coerce.number({ error: 'Enter a number, like 5.' }).min(0, 'The time to wait can not be negative.').default(1), {
      label: 'Wait for',
      widget: 'number',
    }),
    unit: field(z.enum(['seconds', 'minutes', 'hours']).default('seconds'), {
      label: 'Unit',
      widget: 'select',
      optionLabels: { seconds: 'Seconds', minutes: 'Minutes', hours: 'Hours' },
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.amount * UNIT_MS[cfg.unit] > MAX_WAIT_MS) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Waits longer than 24 days are not supported.' });
    }
  });

export default defineNode({
  id: 'wait',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Wait',
  description: 'Pauses for a while, then passes the items on unchanged.',
  icon: 'clock',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { amount: 5, unit: 'minutes' },
  async execute(ctx) {
    const ms = Math.round(ctx.config.amount * UNIT_MS[ctx.config.unit]);
    ctx.log.info(`Waiting ${ctx.config.amount} ${ctx.config.unit}`);
    await ctx.sleep(ms);
    return { outputs: { main: ctx.inputs.main ?? [] } };
  },
});

import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { combineField, fieldCondition, ignoreCaseField, passes, prepareFieldTest, type FieldTest } from './lib/conditions';
import type { SubflowAccess } from './lib/subflow-types';

const config = z.object({
  repeat: field(z.enum(['workflow', 'steps']).default('workflow'), {
    label: 'What to repeat',
    widget: 'select',
    optionLabels: { workflow: 'A saved workflow', steps: 'Steps in this workflow (a group you select on the canvas)' },
  }),
  workflowId: field(z.string().trim().default(''), {
    label: 'Workflow to repeat',
    help: 'A saved workflow that starts with "Called by another workflow". Each round runs it once, with the items the round before gave back (the first round gets this step\'s items).',
    widget: 'workflow',
    expressions: false,
    showWhen: { repeat: ['workflow'] },
  }),
  steps: field(z.array(z.string()).default([]), {
    label: 'Steps to repeat',
    help: "Each round runs these steps once, with the items the round before gave back (the first round gets this step's items); what the group's last step gives is the round's result. To change them, select steps on the canvas and choose \"Repeat these steps until…\".",
    widget: 'steps',
    showWhen: { repeat: ['steps'] },
  }),
  conditions: field(z.array(fieldCondition).default([{ field: '', operator: 'isEmpty', value: '' }]), {
    label: 'Stop conditions',
    help: 'Checked on the last item each round gives back, e.g. "next" is empty. With no conditions it runs until a round gives back no items or the most rounds is reached.',
    widget: 'list',
  }),
  combine: combineField('Stop when'),
  ignoreCase: ignoreCaseField(),
  maxRounds: field(z.coerce.number().int().min(1, 'At least 1.').max(1000, 'At most 1,000.').default(20), {
    label: 'Most rounds',
    help: 'It stops after this many rounds even if the condition never holds (1 to 1,000).',
    widget: 'number',
  }),
  atMost: field(z.enum(['stop', 'fail']).default('stop'), {
    label: 'When the most rounds is reached',
    widget: 'select',
    optionLabels: { stop: 'Stop and give back what the rounds gave', fail: 'Fail this step (the condition should have held by then)' },
  }),
  outputStep: field(z.string().trim().default(''), {
    label: 'Result from step',
    help: 'The id of a step in the repeated workflow whose output a round gives back. Empty: its last step.',
    placeholder: 'its last step',
    expressions: false,
    showWhen: { repeat: ['workflow'] },
  }),
});

type Config = z.output<typeof config>;

/** Whether the loop ends after a round that gave back `items`. */
function done(items: Item[], tests: FieldTest[], combine: Config['combine']): boolean {
  const last = items.at(-1);
  if (!last) return true;
  return tests.length > 0 && passes(last, tests, combine);
}

export default defineNode({
  id: 'repeat-until',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Repeat until',
  description:
    "Runs a group of steps or a saved workflow again and again, each round with the last round's result, until a condition holds; gives back every round's items.",
  icon: 'repeat',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { workflowId: '', conditions: [{ field: 'next', operator: 'isEmpty', value: '' }], maxRounds: 50 },
  async execute(ctx) {
    const cfg = ctx.config;
    const steps = cfg.repeat === 'steps';
    if (steps && cfg.steps.length === 0) {
      throw new Error('Choose the steps to repeat: select them on the canvas and choose "Repeat these steps until…".');
    }
    if (!steps && !cfg.workflowId) throw new Error('Choose the workflow to repeat.');
    const subflows: SubflowAccess | undefined = ctx.subflows;
    if (!subflows) throw new Error('Steps can only be repeated where runs are stored (not from a file run).');
    const tests = cfg.conditions
      .filter((row) => row.field !== '')
      .map((row, n) => prepareFieldTest(row, cfg.ignoreCase, `Condition ${n + 1}`));
    const all: Item[] = [];
    let items = ctx.inputs.main ?? [];
    const childRunIds: string[] = [];
    for (let round = 1; round <= cfg.maxRounds; round++) {
      // The key names the round: a resumed step finds the rounds it finished instead of running them again.
      const result = await subflows.call({
        workflowId: steps ? '' : cfg.workflowId,
        steps,
        items,
        key: `round-${round}`,
        wait: true,
        outputStep: (!steps && cfg.outputStep) || undefined,
      });
      childRunIds.push(result.runId);
      if (result.status !== 'succeeded') {
        throw new Error(
          `Round ${round} (run ${result.runId}) ${result.status === 'cancelled' ? 'was cancelled' : `failed: ${result.error ?? 'see that run'}`}`,
        );
      }
      all.push(...result.items);
      ctx.log.info(`Round ${round}: ${result.items.length} items.`);
      if (done(result.items, tests, cfg.combine)) {
        ctx.log.info(`Stopped after round ${round}: ${result.items.length === 0 ? 'it gave back no items' : 'the condition holds'}.`, {
          childRunIds,
        });
        return { outputs: { main: all } };
      }
      items = result.items;
    }
    if (cfg.atMost === 'fail') {
      throw new Error(`The condition still did not hold after ${cfg.maxRounds} rounds. Check it, or raise "Most rounds".`);
    }
    ctx.warn(`Stopped at the most rounds (${cfg.maxRounds}) before the condition held.`);
    return { outputs: { main: all } };
  },
});

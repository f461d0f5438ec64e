/**
 * The programmatic API as a user's script would use it: build in code, validate, save, run, await.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTaskMaster, WorkflowBuilder, type TaskMaster } from '../../server/sdk';
import { createTestDatabase } from '../helpers/db';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let tm: TaskMaster;

beforeAll(async () => {
  database = await createTestDatabase();
  tm = await openTaskMaster({ databaseUrl: database.url });
});

afterAll(async () => {
  await tm?.close();
  await database?.drop();
});

describe('programmatic API', () => {
  it('builds a workflow in code, validates, saves, runs it by id and awaits the result', async () => {
    //  start ─► greet ─► check ─true─► loud
    const wf = new WorkflowBuilder('Greeter');
    const start = wf.add('manual-trigger');
    const greet = wf.add('set-fields', { fields: [{ name: 'greeting', value: 'Hello {{ $json.name }}' }] });
    const check = wf.add('if', { conditions: [{ left: '{{ $json.name }}', operator: 'equals', right: 'Ada' }] });
    const loud = wf.add('set-fields', { fields: [{ name: 'loud', value: '{{ $json.greeting.toUpperCase() }}' }] });
    wf.connect(start, greet).connect(greet, check).connect(check, loud, { output: 'true' });
    const doc = wf.toDocument();
    expect(tm.validate(doc)).toEqual({ ok: true, problems: [] });

    const id = await tm.save(doc);
    const result = await tm.run(id, { input: [{ name: 'Ada' }, { name: 'Alan' }] });
    expect(result.status).toBe('succeeded');
    expect(result.workflowId).toBe(id);
    expect(result.nodes[loud.id].output.main).toEqual([{ name: 'Ada', greeting: 'Hello Ada', loud: 'HELLO ADA' }]);
  });

  it('reports validation problems instead of running a broken graph', async () => {
    const wf = new WorkflowBuilder('Broken');
    wf.add('set-fields');
    const check = tm.validate(wf.toDocument());
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.code)).toContain('no-trigger');
    await expect(tm.run(wf.toDocument())).rejects.toThrow(/no trigger/);
  });
});

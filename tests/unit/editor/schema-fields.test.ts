/** The settings form's fields read from a node type's config schema. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { field } from '../../../nodes/types';
import { webhookConfig } from '../../../nodes/webhook-trigger';
import { fieldsOf } from '../../../app/workflows/[id]/lib/schema-fields';

// As the catalog sends it (nodes/index.ts).
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' });

describe('schema fields', () => {
  it('draws a field with widget "step" as a step picker that takes no expressions, its placeholder naming the empty choice', () => {
    const schema = z.object({ target: field(z.string().default(''), { label: 'Step', widget: 'step', placeholder: 'The last step' }) });
    const [target] = fieldsOf(jsonSchema(schema));
    expect(target).toMatchObject({
      key: 'target',
      kind: 'step',
      label: 'Step',
      placeholder: 'The last step',
      expressions: false,
      defaultValue: '',
    });
  });

  it('lets the webhook trigger pick the step whose output answers the request', () => {
    const respond = fieldsOf(jsonSchema(webhookConfig)).find((f) => f.key === 'responseNodeId');
    expect(respond?.kind).toBe('step');
    expect(respond?.placeholder).toBe('The last step that ran');
  });
});

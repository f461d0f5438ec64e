/**
 * The built-in example behind "Try an example": a manual start, a Set fields step that makes a
 * sample order, and an If that sends big and small orders down two different paths.
 */
import type { WorkflowDocumentInput } from '@/core/document';
import { newId } from './ids';

export function exampleDocument(): WorkflowDocumentInput {
  const start = newId('n');
  const order = newId('n');
  const check = newId('n');
  const big = newId('n');
  const small = newId('n');
  return {
    name: 'Example: sort orders by size',
    description: 'Makes a sample order, then checks its amount and marks it as big or small.',
    nodes: [
      { id: start, type: 'manual-trigger', name: 'Start by hand', position: { x: 0, y: 140 } },
      {
        id: order,
        type: 'set-fields',
        name: 'Make a sample order',
        position: { x: 300, y: 140 },
        config: {
          fields: [
            { name: 'customer', value: 'Ada Lovelace' },
            { name: 'amount', value: '{{ 150 }}' },
          ],
          keepOtherFields: true,
        },
        notes: 'Change the amount to 50 and run again to see the other path.',
      },
      {
        id: check,
        type: 'if',
        name: 'Is it a big order?',
        position: { x: 600, y: 140 },
        config: {
          conditions: [{ left: '{{ $json.amount }}', operator: 'gt', right: '100' }],
          combine: 'and',
          ignoreCase: false,
        },
      },
      {
        id: big,
        type: 'set-fields',
        name: 'Mark as big',
        position: { x: 900, y: 40 },
        config: { fields: [{ name: 'size', value: 'big' }], keepOtherFields: true },
      },
      {
        id: small,
        type: 'set-fields',
        name: 'Mark as small',
        position: { x: 900, y: 240 },
        config: { fields: [{ name: 'size', value: 'small' }], keepOtherFields: true },
      },
    ],
    edges: [
      { id: newId('e'), source: start, sourceHandle: 'main', target: order, targetHandle: 'main' },
      { id: newId('e'), source: order, sourceHandle: 'main', target: check, targetHandle: 'main' },
      { id: newId('e'), source: check, sourceHandle: 'true', target: big, targetHandle: 'main' },
      { id: newId('e'), source: check, sourceHandle: 'false', target: small, targetHandle: 'main' },
    ],
  };
}

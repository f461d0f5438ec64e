/**
 * Every built-in step names an icon the canvas can draw: a typo in a node file's `icon` key would
 * otherwise show a plain box without anyone noticing (issue 16).
 */
import { describe, expect, it } from 'vitest';
import { hasNodeIcon } from '../../app/components/node-icon';
import { nodeTypes } from '../../nodes';

describe('step icons', () => {
  it('every built-in step names an icon that exists', () => {
    const missing = nodeTypes.filter((def) => !hasNodeIcon(def.icon)).map((def) => `${def.id}: '${def.icon}'`);
    expect(missing).toEqual([]);
  });

  it('knows a missing icon when it sees one', () => {
    expect(hasNodeIcon('filter')).toBe(true);
    expect(hasNodeIcon('no-such-icon')).toBe(false);
  });
});

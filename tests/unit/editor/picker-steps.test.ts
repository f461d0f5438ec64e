/** Which steps "Pick on page" replays: the nearest open-page step and the Browser steps after it. */
import { describe, expect, it } from 'vitest';
import { browserStepsBefore } from '../../../app/workflows/[id]/lib/picker-steps';
import type { StepEdge, StepNode } from '../../../app/workflows/[id]/lib/types';

function step(id: string, type: string, config: Record<string, unknown> = {}, disabled = false): StepNode {
  return {
    id,
    type: 'step',
    position: { x: 0, y: 0 },
    data: { type, typeVersion: 1, name: id, config, settings: {} as StepNode['data']['settings'], ...(disabled ? { disabled } : {}) },
  };
}
const edge = (source: string, target: string): StepEdge => ({ id: `${source}-${target}`, source, target, sourceHandle: 'main' });

describe('the steps the picker replays', () => {
  //   start ──► open ──► type ──► log ──► wait ──► click
  const steps = [
    step('start', 'manual-trigger'),
    step('open', 'browser-open', { url: 'http://127.0.0.1/' }),
    step('type', 'browser-type', { selector: '#email', text: 'ada@example.com' }),
    step('log', 'log-message'),
    step('wait', 'browser-wait', {}, true),
    step('click', 'browser-click'),
  ];
  const edges = [edge('start', 'open'), edge('open', 'type'), edge('type', 'log'), edge('log', 'wait'), edge('wait', 'click')];

  it('keeps the open-page step and the Browser steps after it, skipping other and turned-off steps', () => {
    expect(browserStepsBefore('click', steps, edges)).toEqual([
      { type: 'browser-open', config: { url: 'http://127.0.0.1/' } },
      { type: 'browser-type', config: { selector: '#email', text: 'ada@example.com' } },
    ]);
  });

  it('finds nothing when no open-page step comes before, and stops on a loop of connections', () => {
    expect(browserStepsBefore('open', steps, edges)).toBeNull();
    //   a ──► b ──► a (a loop), b ──► click
    const loop = [step('a', 'browser-click'), step('b', 'browser-click'), step('c', 'browser-click')];
    expect(browserStepsBefore('c', loop, [edge('a', 'b'), edge('b', 'a'), edge('b', 'c')])).toBeNull();
  });
});

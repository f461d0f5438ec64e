/** The steps "Pick on page" replays before the edited step (pure, for the picker dialog). */
import type { StepEdge, StepNode } from './types';

export interface PickerStep {
  type: string;
  config: Record<string, unknown>;
}

/**
 * Walks back from `nodeId` along incoming connections to the nearest "Browser: open page" step,
 * keeping the Browser steps met on the way (a run's page carries over steps that aren't Browser
 * steps). Null when no open-page step comes before it.
 */
export function browserStepsBefore(nodeId: string, steps: StepNode[], edges: StepEdge[]): PickerStep[] | null {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const chain: PickerStep[] = [];
  const seen = new Set<string>([nodeId]);
  let current = nodeId;
  for (let hops = 0; hops < 200; hops++) {
    const edge = edges.find((e) => e.target === current && !seen.has(e.source) && byId.has(e.source));
    if (!edge) return null;
    const step = byId.get(edge.source)!;
    seen.add(step.id);
    current = step.id;
    if (step.data.disabled) continue;
    if (step.data.type.startsWith('browser-')) chain.unshift({ type: step.data.type, config: step.data.config });
    if (step.data.type === 'browser-open') return chain;
  }
  return null;
}

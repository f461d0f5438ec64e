'use client';
/**
 * What a selector field's "Pick on page" needs from the editor: the Browser steps that lead to the
 * step being edited (replayed on the live page), and a way to add recorded steps after it.
 */
import { createContext, useContext } from 'react';
import type { StepEdge, StepNode } from './types';

export interface PickerStep {
  type: string;
  config: Record<string, unknown>;
}

export interface PickerContextValue {
  /** "Browser: open page" first, then the Browser steps up to (not including) the edited step; null: none found. */
  steps: PickerStep[] | null;
  /** Adds recorded steps after the edited step, connected in order. */
  onRecorded: (steps: PickerStep[]) => void;
}

export const PickerContext = createContext<PickerContextValue | null>(null);

export function usePicker(): PickerContextValue | null {
  return useContext(PickerContext);
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

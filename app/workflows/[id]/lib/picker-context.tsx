'use client';
/**
 * What a selector field's "Pick on page" needs from the editor: the Browser steps that lead to the
 * step being edited (replayed on the live page), and a way to add recorded steps after it.
 */
import { createContext, useContext } from 'react';
import type { PickerStep } from './picker-steps';

export { browserStepsBefore, type PickerStep } from './picker-steps';

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

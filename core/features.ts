/**
 * Feature switches (Settings → Features): an admin turns whole features off, and each says so
 * where it would appear (catalogue, editor, share dialog, templates, REST API) and the server
 * refuses it, instead of it failing later. Pure: the pages import this file too.
 */
import type { Settings } from './settings-schema';

/** The switches, each a boolean setting that is on for a new instance. */
export const FEATURE_KEYS = [
  'browserStepsEnabled',
  'codeStepsEnabled',
  'pluginsEnabled',
  'shareLinksEnabled',
  'publicApiEnabled',
  'templateSamplesEnabled',
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

/** Switches a step type can depend on: the feature switches, and the owner's "Run command" switch. */
export type StepSwitch = 'browserStepsEnabled' | 'codeStepsEnabled' | 'pluginsEnabled' | 'shellEnabled';
export type SwitchState = Pick<Settings, FeatureKey | 'shellEnabled'>;

const WHERE = 'An admin can turn them on under Settings → Features.';

/** What a page or an answer says when a feature is off. */
export const FEATURE_OFF_TEXT: Record<FeatureKey | 'shellEnabled', string> = {
  browserStepsEnabled: `Browser steps are turned off on this TaskMaster. ${WHERE}`,
  codeStepsEnabled: `Code steps are turned off on this TaskMaster. ${WHERE}`,
  pluginsEnabled: `Plugin steps are turned off on this TaskMaster. ${WHERE}`,
  shellEnabled: 'The “Run command” step is turned off on this TaskMaster. Only the owner can allow it, under Settings → Security.',
  shareLinksEnabled: 'Share links are turned off on this TaskMaster. An admin can turn them on under Settings → Features.',
  publicApiEnabled: 'The REST API is turned off on this TaskMaster. An admin can turn it on under Settings → Features.',
  templateSamplesEnabled:
    'Templates’ sample data is turned off on this TaskMaster: workflows made from a template get no sample files. An admin can turn it on under Settings → Features.',
};

const KIND_NAME: Record<StepSwitch, string> = {
  browserStepsEnabled: 'a Browser step',
  codeStepsEnabled: 'a Code step',
  pluginsEnabled: 'a plugin step',
  shellEnabled: 'a “Run command” step',
};

/** What a step type needs switched on; null when nothing. `plugin`: set for a plugin's step. */
export function stepSwitchOf(step: { id: string; group: string; plugin?: unknown }): StepSwitch | null {
  if (step.plugin) return 'pluginsEnabled';
  if (step.group === 'Browser') return 'browserStepsEnabled';
  if (step.id === 'code' || step.id === 'code-python') return 'codeStepsEnabled';
  if (step.id === 'run-command') return 'shellEnabled';
  return null;
}

/** True when the switch a step type needs is off. */
export function isStepOff(needs: StepSwitch | null, state: SwitchState): boolean {
  return needs !== null && !state[needs];
}

/** The refusal of one step of a workflow, naming it. */
export function stepOffMessage(stepName: string, needs: StepSwitch): string {
  return `The step “${stepName}” is ${KIND_NAME[needs]}, and ${FEATURE_OFF_TEXT[needs].charAt(0).toLowerCase()}${FEATURE_OFF_TEXT[needs].slice(1)} Or remove the step from the workflow.`;
}

/** The switches as a page shows them: on or off, by key. */
export function switchStateOf(settings: Settings): SwitchState {
  const state = { shellEnabled: settings.shellEnabled } as SwitchState;
  for (const key of FEATURE_KEYS) state[key] = settings[key];
  return state;
}

import { describe, expect, it } from 'vitest';
import { nodeCatalog } from '../../../nodes';
import { isStepOff, stepOffMessage, stepSwitchOf, switchStateOf } from '../../../core/features';
import { defaultSettings } from '../../../core/settings-schema';

describe('feature switches of steps', () => {
  it('puts every Browser step under the Browser switch, Code under Code, Run command under the owner’s switch, the rest under none', () => {
    const of = (id: string) => {
      const entry = nodeCatalog().find((n) => n.id === id)!;
      return stepSwitchOf(entry);
    };
    for (const entry of nodeCatalog().filter((n) => n.group === 'Browser')) expect(stepSwitchOf(entry)).toBe('browserStepsEnabled');
    expect(of('code')).toBe('codeStepsEnabled');
    expect(of('code-python')).toBe('codeStepsEnabled');
    expect(of('run-command')).toBe('shellEnabled');
    expect(of('set-fields')).toBeNull();
    expect(of('http-request')).toBeNull();
    expect(stepSwitchOf({ id: 'greet/greet', group: 'Plugins', plugin: { plugin: 'greet', version: '1.0.0' } })).toBe('pluginsEnabled');
  });

  it('has every feature on and Run command off on a new instance', () => {
    const state = switchStateOf(defaultSettings());
    expect(isStepOff('browserStepsEnabled', state)).toBe(false);
    expect(isStepOff('shellEnabled', state)).toBe(true);
    expect(isStepOff(null, { ...state, codeStepsEnabled: false })).toBe(false);
  });

  it('names the step and says who can turn it on', () => {
    expect(stepOffMessage('Run backup', 'shellEnabled')).toBe(
      'The step “Run backup” is a “Run command” step, and the “Run command” step is turned off on this TaskMaster. Only the owner can allow it, under Settings → Security. Or remove the step from the workflow.',
    );
  });
});

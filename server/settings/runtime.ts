/** What the worker takes from the settings for a run's steps. */
import type { NodePolicy } from '../../nodes/types';
import type { DefaultCredentials } from '../credentials/grant';
import type { InstanceNodeDefaults } from '../../core/instance-defaults';
import type { OutboundRules } from '../network/guarded-fetch';
import type { Settings } from '../../core/settings-schema';
import { pluginOriginOf } from '../../nodes';
import type { NodeDefinition } from '../../nodes/types';
import { isStepOff, stepOffMessage, stepSwitchOf, switchStateOf } from '../../core/features';

export function nodeDefaultsOf(settings: Settings): InstanceNodeDefaults {
  return { retries: settings.defaultRetries, timeoutMs: settings.defaultTimeoutSeconds * 1000 };
}

/** The largest output a step may make, in bytes (core/output-size.ts). */
export function outputLimitBytesOf(settings: Settings): number {
  return settings.stepOutputLimitMb * 1024 * 1024;
}

export function policyOf(settings: Settings): NodePolicy {
  return { shellEnabled: settings.shellEnabled, codeMemoryLimitMb: settings.codeMemoryLimitMb };
}

export function defaultCredentialsOf(settings: Settings): DefaultCredentials {
  return { smtp: settings.defaultSmtpCredentialId };
}

export function outboundRulesOf(settings: Settings): OutboundRules {
  return { allowedHosts: settings.allowedHosts, denyPrivateNetworks: settings.denyPrivateNetworks };
}

/** The first step of a workflow whose feature is switched off, as the run's error; null when none. */
export function switchedOffStep(
  nodes: ReadonlyArray<{ id: string; name: string }>,
  defs: ReadonlyMap<string, Pick<NodeDefinition, 'id' | 'group'>>,
  settings: Settings,
): { message: string; code: 'config'; nodeId: string } | null {
  const state = switchStateOf(settings);
  for (const node of nodes) {
    const def = defs.get(node.id);
    if (!def) continue;
    const needs = stepSwitchOf({ id: def.id, group: def.group, plugin: pluginOriginOf(def.id) });
    if (needs && isStepOff(needs, state)) return { message: stepOffMessage(node.name, needs), code: 'config', nodeId: node.id };
  }
  return null;
}

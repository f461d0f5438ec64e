/** What the worker takes from the settings for a run's steps. */
import type { NodePolicy } from '../../nodes/types';
import type { DefaultCredentials } from '../credentials/grant';
import type { InstanceNodeDefaults } from '../engine/instance-defaults';
import type { OutboundRules } from '../network/guarded-fetch';
import type { Settings } from './schema';

export function nodeDefaultsOf(settings: Settings): InstanceNodeDefaults {
  return { retries: settings.defaultRetries, timeoutMs: settings.defaultTimeoutSeconds * 1000 };
}

/** The largest output a step may make, in bytes (server/engine/output-size.ts). */
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

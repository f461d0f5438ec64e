/** What the worker takes from the settings for a run's steps. */
import type { NodePolicy } from '../../nodes/types';
import type { DefaultCredentials } from '../credentials/grant';
import type { InstanceNodeDefaults } from '../engine/instance-defaults';
import type { OutboundRules } from '../network/guarded-fetch';
import type { Settings } from './schema';

export function nodeDefaultsOf(settings: Settings): InstanceNodeDefaults {
  return { retries: settings.defaultRetries, timeoutMs: settings.defaultTimeoutSeconds * 1000 };
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

/** A step's n8n settings (retry, on error) as ours. */
import type { NodeSettings } from '../../../core/document';
import type { N8nNode } from './format';
import type { NodeScope } from './scope';

export function settingsOf(node: N8nNode, scope: NodeScope): { settings: Partial<NodeSettings>; errorOutput: boolean } {
  const settings: Partial<NodeSettings> = {};
  if (node.retryOnFail) {
    // n8n counts tries (default 3), we count retries after the first.
    settings.retries = Math.min(10, Math.max(0, (node.maxTries ?? 3) - 1));
    settings.retryBackoffMs = Math.min(3_600_000, Math.max(0, node.waitBetweenTries ?? 1000));
    scope.review('settings.retries', 'n8n waits the same time between tries; here the wait doubles after each retry');
  }
  const onError = node.onError ?? (node.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow');
  if (onError === 'continueRegularOutput') settings.onError = 'continue';
  if (onError === 'continueErrorOutput') settings.onError = 'errorOutput';
  if (node.alwaysOutputData)
    scope.notConverted(
      'settings.alwaysOutputData',
      '"Always output data" has no equivalent; a step without items lets the steps after it be skipped',
    );
  if (node.executeOnce) scope.notConverted('settings.executeOnce', '"Execute once" has no equivalent; the step works on every item');
  return { settings, errorOutput: onError === 'continueErrorOutput' };
}

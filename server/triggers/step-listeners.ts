/**
 * Listener types for every step with a `listen(ctx)` (built-in one-file triggers like the file
 * watch, and plugin triggers): the trigger host runs them like its own listeners. A step's
 * listen context is a subset of the host's, so the host's context is passed as it is.
 */
import { allNodeTypes } from '../../nodes';
import type { NodeDefinition } from '../../nodes/types';
import type { ListenerType } from './types';

export function listenerTypeOf(def: NodeDefinition): ListenerType | null {
  const listen = def.listen;
  if (!listen) return null;
  return {
    nodeType: def.id,
    kind: def.triggerKind ?? def.id,
    config: def.config,
    start: (lc) => listen.call(def, lc),
  };
}

/** A listener type per registered step (plugins included) that listens by itself. */
export function stepListenerTypes(): ListenerType[] {
  return allNodeTypes().flatMap((def) => listenerTypeOf(def) ?? []);
}

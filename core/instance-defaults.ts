/**
 * The Settings page's default retries and time limit, applied to the steps of a run.
 *
 * A step's own value wins when it is not 0 (the value a new step starts with): 0 retries or a
 * time limit of 0 ("no limit") in a step means "use the instance default". So a step can ask
 * for more retries or a different limit than the default, but not for fewer than it; this keeps
 * documents unchanged (no separate "not set" marker) and is what the step's form says.
 */
import type { WorkflowDocument } from './document';

export interface InstanceNodeDefaults {
  /** Extra tries for steps whose own retries are 0. */
  retries: number;
  /** Time limit for steps whose own limit is 0; 0 = none. */
  timeoutMs: number;
}

// Documents are shared by the runs of a process (and their graphs cached by identity), so the
// filled-in copy is made once per document and defaults, not once per run.
const filled = new WeakMap<WorkflowDocument, { key: string; doc: WorkflowDocument }>();

/** The document with the defaults filled in; the same object when there is nothing to fill. */
export function withInstanceDefaults(doc: WorkflowDocument, defaults: InstanceNodeDefaults): WorkflowDocument {
  const key = `${defaults.retries}/${defaults.timeoutMs}`;
  const known = filled.get(doc);
  if (known?.key === key) return known.doc;
  const result = fillDefaults(doc, defaults);
  filled.set(doc, { key, doc: result });
  return result;
}

function fillDefaults(doc: WorkflowDocument, defaults: InstanceNodeDefaults): WorkflowDocument {
  const { retries, timeoutMs } = defaults;
  const fills = (s: WorkflowDocument['nodes'][number]['settings']) =>
    (retries > 0 && s.retries === 0) || (timeoutMs > 0 && s.timeoutMs === 0);
  if (!doc.nodes.some((node) => fills(node.settings))) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      if (!fills(node.settings)) return node;
      const settings = { ...node.settings };
      if (settings.retries === 0) settings.retries = retries;
      if (settings.timeoutMs === 0) settings.timeoutMs = timeoutMs;
      return { ...node, settings };
    }),
  };
}

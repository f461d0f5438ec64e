/** What every node converter gets, and what it returns. */
import { convertText, convertValue, type StepNames } from './expressions';
import type { N8nNode } from './format';
import type { Params } from './params';
import type { ImportIssue } from './report';

export interface NodeScope {
  node: N8nNode;
  params: Params;
  /** Converts a parameter value for one of our config fields (expressions inside are rewritten). */
  value(raw: unknown, field: string): unknown;
  /** Like `value`, for a field that must be text. */
  text(raw: unknown, field: string): string;
  /** Something that could not be converted and will not work as in n8n. */
  notConverted(field: string, reason: string): void;
  /** Converted, but behaves a little differently: worth a look. */
  review(field: string, reason: string): void;
  /** Reports options this converter does not map, by name. */
  ignoredOptions(options: Params, mapped: string[], field?: string): void;
}

export interface ConvertedNode {
  type: string;
  config: Record<string, unknown>;
  /** Our output handle for each n8n output index (default: `main` for output 0). */
  outputs?: string[];
  /** More of our output handles feeding n8n output i (a Switch whose fallback goes to a rule's output). */
  alsoOutputs?: Record<number, string[]>;
  /** Our input handle for each n8n input index (default: `main` for input 0). */
  inputs?: string[];
  /**
   * More steps of the same type standing in for this one as well (a Schedule's other rules: one
   * Schedule step each). Each is named "<name> (<suffix>)" and gets a copy of this step's outgoing edges.
   */
  twins?: Array<{ suffix: string; config: Record<string, unknown> }>;
  /** The step is kept but became something simpler, for example a Wait for a web request. */
  replacedBy?: string;
  /**
   * Set when the step can't work as it was (a "Needs attention" step, or an If left without
   * conditions): it fails when items reach it, and only its own branch stops.
   */
  attention?: string;
}

export type NodeConverter = (scope: NodeScope) => ConvertedNode;

export function makeScope(node: N8nNode, steps: StepNames, issues: ImportIssue[]): NodeScope {
  const push = (field: string, reason: string, severity: ImportIssue['severity']) => {
    issues.push({ node: node.name, field, reason, severity });
  };
  return {
    node,
    params: node.parameters,
    value: (raw, field) => convertValue(raw, steps, (reason, severity) => push(field, reason, severity)),
    text: (raw, field) => {
      if (raw === undefined || raw === null) return '';
      if (typeof raw !== 'string') return String(raw as string | number | boolean);
      return convertText(raw, steps, (reason, severity) => push(field, reason, severity));
    },
    notConverted: (field, reason) => push(field, reason, 'not-converted'),
    review: (field, reason) => push(field, reason, 'review'),
    ignoredOptions(options, mapped, field = 'options') {
      for (const key of Object.keys(options)) {
        if (!mapped.includes(key)) push(`${field}.${key}`, 'this option has no equivalent in TaskMaster and was left out', 'not-converted');
      }
    },
  };
}

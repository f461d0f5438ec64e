/**
 * A step's settings refused by its schema, in the words of the form: the setting's label (as
 * the form shows it, "Condition 1 › Field") and what to do, never zod's own wording
 * ("Invalid input: expected string, received number"). Used where settings are checked on save
 * (validate.ts) and where they are parsed at run time (the worker), so both say the same.
 */
import type { z } from 'zod';
import type { FieldMeta } from '../nodes/types';
import { metaChain } from './literal-fields';

export interface ConfigIssue {
  /** The setting as the form names it: "Web address (URL)", "Condition 1 › Field"; '' for the whole form. */
  setting: string;
  /** What is wrong and what to do, as a sentence. */
  message: string;
}

type Issue = z.core.$ZodIssue;
type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
};

const defOf = (schema: z.ZodType): Def => schema._zod.def as Def;

/** Through default/optional/pipe wrappers to the schema that holds fields or rows. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = defOf(current);
    if (def.type === 'object' || def.type === 'array') return current;
    if (def.type === 'union') {
      const container = def.options?.find((o) => ['object', 'array'].includes(defOf(unwrap(o)).type));
      return container ? unwrap(container) : current;
    }
    const next = def.innerType ?? def.in;
    if (!next) return current;
    current = next;
  }
  return current;
}

/** "Conditions" → "Condition": row titles, as the form's list rows show them. */
export function singularOf(label: string): string {
  const plural = label.split(/\s+/).find((w) => /^[A-Za-z]{3,}s$/.test(w));
  const word = plural ? plural.slice(0, -1) : 'row';
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Merged hints of a field and its wrappers (the outermost wins, as in the form). */
function hintsOf(schema: z.ZodType): FieldMeta {
  return Object.assign({}, ...metaChain(schema).reverse()) as FieldMeta;
}

interface Located {
  labels: string[];
  hints: FieldMeta;
}

/** The form's labels along an issue's path, and the hints of the field it ends at. */
function locate(schema: z.ZodType, path: PropertyKey[]): Located {
  const labels: string[] = [];
  let current: z.ZodType | undefined = schema;
  let hints: FieldMeta = {};
  let listLabel = '';
  for (const key of path) {
    if (!current) break;
    const container = unwrap(current);
    const def = defOf(container);
    if (def.type === 'object' && typeof key === 'string') {
      current = def.shape?.[key];
      hints = current ? hintsOf(current) : {};
      const label = hints.label ?? humanize(key);
      labels.push(label);
      listLabel = label;
    } else if (def.type === 'array' && typeof key === 'number') {
      // A row: "Condition 2" replaces "Conditions", as the form titles its rows.
      if (labels.length > 0) labels.pop();
      labels.push(`${singularOf(listLabel)} ${key + 1}`);
      current = def.element;
    } else {
      labels.push(String(key));
      current = undefined;
    }
  }
  return { labels, hints };
}

// zod's own messages start like this; the nodes' own messages are plain sentences and are kept.
const ZOD_WORDING = /^(Invalid input|Invalid option|Invalid string|Invalid|Too small|Too big|Unrecognized key|Expected)\b/;

function kindOfValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return value ? '"yes"' : '"no"';
  if (typeof value === 'string') return 'text';
  return 'a group of values';
}

const WANTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'on or off',
  array: 'a list',
  object: 'a group of values',
};

function plainWording(issue: Issue, value: unknown, hints: FieldMeta): string {
  const takesName = hints.widget === 'field-name' || hints.widget === 'field-names';
  switch (issue.code) {
    case 'invalid_type': {
      const wanted = WANTED[issue.expected] ?? 'another kind of value';
      if (value === undefined || value === null) return `Fill this in: it needs ${wanted}.`;
      const nameHint = takesName ? ' It takes the name of a field (like amount), not its value: write the name without {{ }}.' : '';
      return `This needs ${wanted}, but it got ${kindOfValue(value)}.${nameHint}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Fill this in: it can’t be empty.' : `Enter at least ${min} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Add at least ${min}.`;
      return `Enter ${issue.inclusive ? 'at least' : 'more than'} ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `Shorten this to at most ${max} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Keep at most ${max}.`;
      return `Enter ${issue.inclusive ? 'at most' : 'less than'} ${max}.`;
    }
    case 'invalid_value': {
      const words = issue.values.map((v) => `“${hints.optionLabels?.[String(v)] ?? String(v)}”`);
      return words.length === 1 ? `Choose ${words[0]}.` : `Choose one of ${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}.`;
    }
    case 'invalid_format':
      return 'This is not written the way this setting expects. See the example in the field.';
    case 'not_multiple_of':
      return `Enter a multiple of ${String(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `TaskMaster does not know the setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `“${k}”`).join(', ')}. Remove ${issue.keys.length > 1 ? 'them' : 'it'} from the workflow file.`;
    case 'invalid_union': {
      if (value === undefined || value === null) return 'Fill this in.';
      return `This setting can’t use ${kindOfValue(value)}.${takesName ? ' It takes the name of a field (like amount), not its value: write the name without {{ }}.' : ''}`;
    }
    default:
      return 'This value can’t be used here. Check it against the help text.';
  }
}

/** The value at a schema issue's path inside `root` (undefined where the path leaves the data). */
export function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One schema issue about a step's settings (`config` is what was checked), in the form's words. */
export function describeConfigIssue(schema: z.ZodType, config: unknown, issue: Issue): ConfigIssue {
  const { labels, hints } = locate(schema, issue.path);
  const own = !ZOD_WORDING.test(issue.message);
  const message = own ? issue.message : plainWording(issue, valueAt(config, issue.path), hints);
  return { setting: labels.join(' › '), message: /[.!?]$/.test(message) ? message : `${message}.` };
}

/** `Step "Filter", setting "Condition 1 › Field": …`: the whole sentence, for lists and logs. */
export function configIssueSentence(stepName: string, issue: ConfigIssue): string {
  return `Step "${stepName}"${issue.setting ? `, setting "${issue.setting}"` : ''}: ${issue.message}`;
}

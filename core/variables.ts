/**
 * Variables read with `$vars.name`: the instance's (Settings → Variables) and the workflow's own
 * (its Details panel), the workflow's winning on a shared name. Not for secrets: values are
 * shown on the page, in exports and in outputs; passwords belong in Credentials. Pure: the
 * pages, the worker and the export use it.
 */
import { z } from 'zod';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_VARIABLES = 500;
const MAX_VALUE = 10_000;

export const variableSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(NAME, { error: 'A variable name uses letters, digits and _ and starts with a letter, like region or api_base.' })
    .max(100, { error: 'A variable name has at most 100 characters.' }),
  value: z.string().max(MAX_VALUE, { error: `A variable's value has at most ${MAX_VALUE.toLocaleString('en-US')} characters.` }),
});
export type Variable = z.output<typeof variableSchema>;

export const variableListSchema = z
  .array(variableSchema)
  .max(MAX_VARIABLES, { error: `At most ${MAX_VARIABLES} variables.` })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((v, i) => {
      if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `The variable "${v.name}" is listed twice.` });
      seen.add(v.name);
    });
  });

/** `$vars`: instance variables, then the workflow's over them. A null-prototype record, so `$vars.toString` is just missing. */
export function variableScope(instance: readonly Variable[], workflow: readonly Variable[] = []): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const v of instance) out[v.name] = v.value;
  for (const v of workflow) out[v.name] = v.value;
  return out;
}

/** The form's text, one `name = value` a line, as a list; lines without `=` are kept as names with an empty value, so the check names them. */
export function variablesFromText(text: string): Array<{ name: string; value: string }> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? { name: line.trim(), value: '' } : { name: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
    });
}

export function variablesToText(list: readonly Variable[]): string {
  return list.map((v) => `${v.name} = ${v.value}`).join('\n');
}

const USE = /\$vars(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\])/g;

/** Variable names an expression text reads (`$vars.region`, `$vars["region"]`). */
function namesIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (!value.includes('$vars')) return;
    for (const match of value.matchAll(USE)) into.add(match[1] ?? match[2]);
  } else if (Array.isArray(value)) for (const item of value) namesIn(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) namesIn(item, into);
}

/** Names the steps read that the workflow does not define itself: they must exist on the instance. */
export function instanceVariablesNeeded(doc: { nodes: ReadonlyArray<{ config?: unknown }>; variables?: readonly Variable[] }): string[] {
  const used = new Set<string>();
  for (const node of doc.nodes) namesIn(node.config, used);
  for (const v of doc.variables ?? []) used.delete(v.name);
  return [...used].sort();
}

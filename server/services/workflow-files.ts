/**
 * Workflow files (JSON or YAML) in and out. JSON is read with the YAML parser too (JSON is
 * YAML), so every problem can be given a line number in the file.
 */
import { z } from 'zod';
import { pluginOriginOf } from '../../nodes';
import { isNode, LineCounter, parseDocument, stringify, type Document } from 'yaml';
import type { Problem, WorkflowDocument } from '../../core/document';
import { capProblems, validateDocument, type NodeTypeLookup } from '../../core/validate';
import { instanceVariablesNeeded } from '../../core/variables';
import {
  resolveCredentialPlaceholders,
  withCredentialPlaceholders,
  type CredentialMatching,
  type CredentialProblem,
  type NamedCredential,
} from './credential-placeholders';
import {
  resolveProfilePlaceholders,
  withProfilePlaceholders,
  type NamedProfile,
  type ProfileMatching,
  type ProfileProblem,
} from './profile-placeholders';
import { looksLikeFirstDesign } from './first-design';
import { parseFirstDesign } from './first-design/parse';
import { resolveSecretPlaceholders, withSecretPlaceholders } from './secret-placeholders';

export interface FileProblem extends Problem {
  line?: number;
  column?: number;
  /** For `missing-credential`: what the file asked for (see credential-placeholders.ts). */
  credential?: CredentialProblem['credential'];
  /** For `missing-profile`: the profile's name in the file. */
  profile?: ProfileProblem['profile'];
}

export type ParsedFile = (
  | { ok: true; document: WorkflowDocument; problems: FileProblem[] }
  | { ok: false; document: WorkflowDocument | null; problems: FileProblem[] }
) & {
  /** For a file of the first design (triggers/actions): what the conversion did, as for n8n files. */
  notes?: string[];
};

/**
 * Parses and validates file text. `ok` is false when the text or the graph has problems.
 * Credential placeholders are matched with `credentials`; those left over are problems that do
 * not stop an import (`ok` stays true): the user picks a credential in the editor.
 */
export function parseWorkflowFile(
  text: string,
  lookup: NodeTypeLookup,
  credentials?: CredentialMatching,
  profiles?: ProfileMatching,
): ParsedFile {
  const read = readFileText(text);
  if (!read.ok) return { ok: false, document: null, problems: read.problems };
  const raw = read.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      document: null,
      problems: [
        { code: 'invalid-document', message: 'The file must hold one workflow object (with "name", "nodes" and "edges").', line: 1 },
      ],
    };
  }
  if (looksLikeFirstDesign(raw)) return parseFirstDesign(raw, read.locator, lookup);
  // `requires` is the file's summary of its step types; each node carries its own type and
  // version, which validation checks, so the summary is only read to be set aside.
  const { requires, ...body } = raw as Record<string, unknown>;
  const withProfiles = resolveProfilePlaceholders(body, profiles);
  const secrets = resolveSecretPlaceholders(withProfiles.raw);
  const credentialsResolved = resolveCredentialPlaceholders(secrets.raw, credentials);
  const resolved = { raw: credentialsResolved.raw, problems: [...credentialsResolved.problems, ...secrets.problems] };
  const result = validateDocument(resolved.raw, lookup);
  const pluginProblems = missingPluginProblems(requires, result.problems);
  // A step waiting for its credential has config problems only because of that ("choose a
  // credential", "enter the mail server"): they are not news, and must not stop the import.
  const waiting = new Set(resolved.problems.map((p) => p.nodeId));
  const graphProblems = result.problems.filter((p) => !(p.code === 'invalid-config' && p.nodeId && waiting.has(p.nodeId)));
  const found = capProblems([...pluginProblems, ...resolved.problems, ...withProfiles.problems, ...graphProblems]);
  const located = read.locator?.();
  const problems: FileProblem[] = located ? found.map((p) => ({ ...p, ...locate(located.doc, located.lines, raw, p) })) : found;
  if (result.document && graphProblems.length === 0) return { ok: true, document: result.document, problems };
  return { ok: false, document: result.document, problems };
}

/** Larger JSON files are not read a second time (as YAML) just to give their problems line numbers. */
const LOCATE_JSON_UP_TO = 256 * 1024;
/** Aliases one YAML file may expand (yaml's own default): a "billion laughs" file stops here. */
const MAX_ALIASES = 100;

type Located = { doc: Document; lines: LineCounter };
type ReadResult = { ok: true; value: unknown; locator?: () => Located | undefined } | { ok: false; problems: FileProblem[] };

/**
 * Strict reading: a file that starts with { or [ is JSON and must be JSON (no trailing commas, no
 * single quotes); anything else is YAML without custom tags (!!js/function…) and with a limit
 * on aliases. Every refusal says file:line:col.
 */
function readFileText(text: string): ReadResult {
  if (/^\s*[[{]/.test(text)) {
    try {
      const value: unknown = JSON.parse(text);
      return { ok: true, value, locator: () => (text.length <= LOCATE_JSON_UP_TO ? readYaml(text) : undefined) };
    } catch (error) {
      return { ok: false, problems: [jsonProblem(text, error)] };
    }
  }
  const { doc, lines } = readYaml(text);
  const tags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  const errors = [...doc.errors, ...tags];
  if (errors.length) {
    return {
      ok: false,
      problems: errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        const message =
          e.code === 'TAG_RESOLVE_FAILED'
            ? `${firstLine(e.message).replace(/ at line.*$/, '')}: tags like !!js/function are not allowed in workflow files. Remove the tag.`
            : firstLine(e.message);
        return { code: 'invalid-document' as const, message, line: pos.line, column: pos.col };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown, locator: () => ({ doc, lines }) };
  } catch {
    return {
      ok: false,
      problems: [
        {
          code: 'invalid-document',
          message: `The file repeats aliases (*name) so often that it would grow beyond any workflow (more than ${MAX_ALIASES} expansions). Write the values out instead.`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
}

function readYaml(text: string): Located {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { doc, lines };
}

/** JSON.parse's "... in JSON at position 12" as a plain message at line and column. */
function jsonProblem(text: string, error: unknown): FileProblem {
  const reason = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(reason);
  const position = at ? Number(at[1]) : text.length;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const what = reason.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected');
  return {
    code: 'invalid-document',
    message: `This is not valid JSON (${what}). JSON needs double quotes around names and text, and no comma after the last entry.`,
    line,
    column,
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** The line of the node, edge or config field a problem names. */
function locate(yamlDoc: Document, lines: LineCounter, raw: object, problem: Problem): { line?: number; column?: number } {
  const rawDoc = raw as { nodes?: Array<{ id?: unknown }>; edges?: Array<{ id?: unknown }> };
  let path: Array<string | number> | null = null;
  if (problem.edgeId && Array.isArray(rawDoc.edges)) {
    const index = rawDoc.edges.findIndex((e) => e?.id === problem.edgeId);
    if (index >= 0) path = ['edges', index];
  } else if (problem.nodeId && Array.isArray(rawDoc.nodes)) {
    const index = rawDoc.nodes.findIndex((n) => n?.id === problem.nodeId);
    if (index >= 0) {
      path = ['nodes', index];
      if (problem.field) {
        const fieldPath = problem.field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
        const inConfig = ['invalid-config', 'missing-credential', 'missing-secret', 'missing-profile'].includes(problem.code)
          ? ['config', ...fieldPath]
          : fieldPath;
        if (yamlDoc.hasIn([...path, ...inConfig])) path = [...path, ...inConfig];
      }
    }
  }
  if (!path) return {};
  const node = yamlDoc.getIn(path, true);
  if (!isNode(node) || !node.range) return {};
  const pos = lines.linePos(node.range[0]);
  return { line: pos.line, column: pos.col };
}

/** One problem per line, for the CLI: `file:line:col  message`. */
export function formatProblems(fileName: string, problems: FileProblem[]): string {
  return problems.map((p) => `${fileName}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}  ${p.message}`).join('\n');
}

/**
 * The file text of a workflow: without pinned data, and with credentials and browser profiles
 * named by placeholders (`credentials`: the saved ones, to look names up), so no secret and no
 * id that only means something here leaves.
 */
export function serializeWorkflow(
  document: WorkflowDocument,
  format: 'json' | 'yaml',
  credentials: { lookup: NodeTypeLookup; saved: NamedCredential[]; profiles?: NamedProfile[] },
): string {
  const named = withProfilePlaceholders(document, credentials.lookup, credentials.profiles ?? []);
  // Typed secrets first: a credential placeholder is an object, never taken for a typed secret.
  const portable = withCredentialPlaceholders(withSecretPlaceholders(named, credentials.lookup), credentials.lookup, credentials.saved);
  const nodes = portable.nodes.map(({ pinnedOutput: _pinned, ...node }) => node);
  const { schemaVersion, ...rest } = portable;
  // Says up front what another TaskMaster needs to import the file: each step type and its version.
  const steps = Object.fromEntries(
    [...new Set(nodes.map((n) => n.type))]
      .sort()
      .map((type) => [type, Math.max(...nodes.filter((n) => n.type === type).map((n) => n.typeVersion))]),
  );
  // And the instance variables its steps read ($vars.x it does not define itself): names only, their values stay here.
  const variables = instanceVariablesNeeded(portable);
  // Plugin steps: which plugins, at which version, the importing TaskMaster must have.
  const plugins = Object.fromEntries(
    Object.keys(steps).flatMap((type) => {
      const origin = pluginOriginOf(type);
      return origin ? [[origin.plugin, origin.version]] : [];
    }),
  );
  const exported = {
    schemaVersion,
    requires: { steps, ...(Object.keys(plugins).length > 0 ? { plugins } : {}), ...(variables.length > 0 ? { variables } : {}) },
    ...rest,
    nodes,
  };
  return format === 'json' ? `${JSON.stringify(exported, null, 2)}\n` : stringify(exported);
}

/** Instance variables the workflow reads that this instance lacks: they do not stop an import, the runs would read them as empty. */
export function missingVariableProblems(document: WorkflowDocument, instanceNames: readonly string[]): FileProblem[] {
  const have = new Set(instanceNames);
  return instanceVariablesNeeded(document)
    .filter((name) => !have.has(name))
    .map((name) => ({
      code: 'missing-variable' as const,
      message: `The workflow reads the variable "${name}" ({{ $vars.${name} }}), which this TaskMaster does not have: add it under Settings → Variables, or in the workflow's Details.`,
    }));
}

/**
 * The plugins a file's `requires.plugins` names whose steps this TaskMaster does not know: one
 * plain problem per plugin, with the version the file was made with.
 */
function missingPluginProblems(requires: unknown, problems: Problem[]): Problem[] {
  const parsed = z.object({ plugins: z.record(z.string(), z.string()) }).safeParse(requires);
  if (!parsed.success) return [];
  const unknownTypes = problems.filter((p) => p.code === 'unknown-node-type').map((p) => p.message);
  return Object.entries(parsed.data.plugins)
    .filter(([name]) => unknownTypes.some((message) => message.includes(`"${name}/`)))
    .map(([name, version]) => ({
      code: 'unknown-node-type' as const,
      message: `This workflow needs the plugin "${name}" (made with version ${version}), which is not installed here. Install it on Settings → Plugins or with: taskmaster plugins install ${name}`,
    }));
}

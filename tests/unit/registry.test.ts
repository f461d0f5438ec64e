import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getNodeType, nodeCatalog, nodeTypes } from '../../nodes';
import { NODE_GROUPS } from '../../nodes/types';
import { compileConfig } from '../../core/expressions';

const nodesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../nodes');
// Only top-level files are node types; nodes/lib/ holds helpers shared between them.
const nodeFileIds = readdirSync(nodesDir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !['types.ts', 'index.ts'].includes(entry.name))
  .map((entry) => entry.name.slice(0, -'.ts'.length))
  .sort();

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  label?: unknown;
  widget?: unknown;
  type?: unknown;
  enum?: unknown;
  anyOf?: JsonSchema[];
};

/**
 * Text fields whose label speaks of fields or columns but which name a field the step writes
 * (or one in another system's answer), not a field of the items coming in: the data picker puts
 * a reference there, not a plain name.
 */
const NAMES_OF_WRITTEN_FIELDS = new Set([
  // In another system's answer or table:
  'http-request:nextLinkField',
  'poll-trigger:keyField',
  'postgres-query:columns[].column',
  'postgres-trigger:keyColumn',
  'http-request:itemsField',
  // Written by the step:
  'browser-extract:fieldName',
  'browser-table:columns[].name',
  'join:clashText',
  'normalize:suffix',
  'split-into-batches:listField',
  'split-out:destination',
  // A date format, not a name:
  'date-time:inputFormat',
  // A page element, not a field:
  'browser-type:selector',
]);

/** Dotted paths of text fields whose label is about a field or column and that lack a field-name widget. */
function fieldNameCandidates(schema: JsonSchema, prefix = ''): string[] {
  const found: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const where = prefix + name;
    const text = (prop.type === 'string' && !Array.isArray(prop.enum)) || (prop.anyOf ?? []).some((option) => option.type === 'string');
    const label = typeof prop.label === 'string' ? prop.label : '';
    const aboutFields = /\b(fields?|columns?|group by|current name)\b/i.test(label);
    if (text && aboutFields && prop.widget !== 'field-name' && prop.widget !== 'field-names') found.push(where);
    found.push(...fieldNameCandidates(prop, `${where}.`));
    if (prop.items) found.push(...fieldNameCandidates(prop.items, `${where}[].`));
  }
  return found;
}

/** Dotted paths of every field (nested objects and list rows included) that has no label. */
function unlabelled(schema: JsonSchema, prefix = ''): string[] {
  const missing: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const where = prefix + name;
    if (typeof prop.label !== 'string' || prop.label.trim() === '') missing.push(where);
    missing.push(...unlabelled(prop, `${where}.`));
    if (prop.items) missing.push(...unlabelled(prop.items, `${where}[].`));
  }
  return missing;
}

describe('node registry', () => {
  it('spots a field without a label, even inside list rows', () => {
    const schema = { properties: { rows: { label: 'Rows', items: { properties: { name: {} } } } } };
    expect(unlabelled(schema)).toEqual(['rows[].name']);
  });

  it('finds node files on disk', () => {
    expect(nodeFileIds.length).toBeGreaterThan(0);
  });

  it('registers every node file, under its file name', () => {
    expect(nodeTypes.map((def) => def.id).sort()).toEqual(nodeFileIds);
    for (const id of nodeFileIds) expect(getNodeType(id)?.id).toBe(id);
    expect(getNodeType('no-such-node')).toBeUndefined();
  });

  it('has unique ids', () => {
    const ids = nodeTypes.map((def) => def.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(nodeTypes.map((def) => [def.id, def] as const))('%s', (id, def) => {
    it('uses a kebab-case id, a known group and a positive version', () => {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(NODE_GROUPS).toContain(def.group);
      expect(Number.isInteger(def.version) && def.version >= 1).toBe(true);
    });

    it('parses an empty config, or fails only on fields it declares required, in plain words', () => {
      const result = def.config.safeParse({});
      if (result.success) return;
      const required = configSchemaOf(id).required ?? [];
      for (const issue of result.error.issues) {
        expect(required, `${id}: "${issue.path.join('.')}" fails on {} but is not required`).toContain(String(issue.path[0]));
        expect(issue.message, `${id}: message for "${issue.path.join('.')}"`).not.toMatch(/^Invalid input/);
      }
    });

    it('has an example that parses (the catalogue shows one for every step)', () => {
      expect(def.example, `${id} has no example`).toBeDefined();
      expect(def.config.safeParse(def.example).error?.issues ?? []).toEqual([]);
    });

    it('declares handles with unique ids', () => {
      for (const handles of [def.inputs, def.outputs]) {
        const ids = handles.map((h) => h.id);
        expect(ids.every((h) => h.length > 0)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
      }
      expect(def.outputs.length).toBeGreaterThan(0);
    });

    it('gives triggers no inputs and other nodes at least one', () => {
      if (def.category === 'trigger') expect(def.inputs).toEqual([]);
      else expect(def.inputs.length).toBeGreaterThan(0);
    });

    it('marks every setting that takes a field’s name, so the data picker puts the plain name there', () => {
      const unmarked = fieldNameCandidates(configSchemaOf(id)).filter((where) => !NAMES_OF_WRITTEN_FIELDS.has(`${id}:${where}`));
      expect(unmarked, 'mark them with widget "field-name" (one name) or "field-names" (a list), or list them as written fields').toEqual(
        [],
      );
    });

    it('writes only expressions TaskMaster can run in its example and help texts', () => {
      // Each {{ }} in the catalogue entry (example, labels, help, placeholders) must compile: no $secrets or other names we lack.
      // Help texts may name the braces themselves ("write {{ }} around…"): those are prose.
      const entry: unknown = JSON.parse(JSON.stringify(nodeCatalog().find((e) => e.id === id)).replace(/\{\{\s*\}\}/g, ''));
      expect(() => compileConfig(entry, { nodeId: id, nodeName: id })).not.toThrow();
    });

    it('labels every field in the catalogue', () => {
      expect(unlabelled(configSchemaOf(id))).toEqual([]);
    });
  });

  it('describes every node in a serialisable catalogue with UI hints', () => {
    const catalog = nodeCatalog();
    expect(catalog.map((entry) => entry.id)).toEqual(nodeTypes.map((def) => def.id));
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    const http = catalog.find((entry) => entry.id === 'http-request');
    expect(http?.configSchema).toMatchObject({
      properties: { token: { label: 'Token', widget: 'secret' }, method: { default: 'GET', widget: 'select' } },
      required: ['url'],
    });
  });
});

function configSchemaOf(id: string): JsonSchema {
  const entry = nodeCatalog().find((e) => e.id === id);
  if (!entry) throw new Error(`${id} is not in the catalogue`);
  return entry.configSchema as JsonSchema;
}

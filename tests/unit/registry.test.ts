import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getNodeType, nodeCatalog, nodeTypes } from '../../nodes';
import { NODE_GROUPS } from '../../nodes/types';

const nodesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../nodes');
// Only top-level files are node types; nodes/lib/ holds helpers shared between them.
const nodeFileIds = readdirSync(nodesDir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !['types.ts', 'index.ts'].includes(entry.name))
  .map((entry) => entry.name.slice(0, -'.ts'.length))
  .sort();

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; required?: string[]; label?: unknown };

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

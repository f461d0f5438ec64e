import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { credentialTypeCatalog, credentialTypes, getCredentialType } from '../../nodes/credentials';
import { secretFieldsOf } from '../../nodes/credentials/types';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../nodes/credentials');
const fileIds = readdirSync(dir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !['types.ts', 'index.ts'].includes(entry.name))
  .map((entry) => entry.name.slice(0, -'.ts'.length))
  .sort();

type JsonSchema = { properties?: Record<string, { label?: unknown; widget?: unknown }>; required?: string[] };

describe('credential type registry', () => {
  it('registers every file in nodes/credentials, under its file name, once', () => {
    expect(fileIds.length).toBeGreaterThan(0);
    const ids = credentialTypes.map((type) => type.id);
    expect([...ids].sort()).toEqual(fileIds);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of fileIds) expect(getCredentialType(id)?.id).toBe(id);
    expect(getCredentialType('no-such-type')).toBeUndefined();
  });

  it('describes every type in a serialisable catalogue with its form and secret fields', () => {
    const catalog = credentialTypeCatalog();
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    const bearer = catalog.find((entry) => entry.id === 'http-bearer');
    expect(bearer).toMatchObject({ secretFields: ['token'], testable: false, schema: { properties: { token: { widget: 'secret' } } } });
    expect(catalog.find((entry) => entry.id === 'oauth2-client-credentials')).toMatchObject({
      secretFields: ['clientSecret'],
      testable: true,
    });
    expect(catalog.find((entry) => entry.id === 'postgres')?.secretFields).toEqual(['connectionString', 'password']);
  });

  describe.each(credentialTypes.map((type) => [type.id, type] as const))('%s', (id, type) => {
    const schema = () => credentialTypeCatalog().find((entry) => entry.id === id)?.schema as JsonSchema;

    it('uses a kebab-case id, a name, a description and an icon', () => {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(type.displayName.trim()).not.toBe('');
      expect(type.description.trim()).not.toBe('');
      expect(type.icon.trim()).not.toBe('');
    });

    it('has at least one secret field, and labels every field', () => {
      expect(secretFieldsOf(type).length).toBeGreaterThan(0);
      for (const [key, prop] of Object.entries(schema().properties ?? {})) {
        expect(typeof prop.label === 'string' && prop.label.trim() !== '', `${id}.${key} has no label`).toBe(true);
      }
    });

    it('has no field called "type": nodes get the values with the type id under that name', () => {
      expect(Object.keys(type.schema.shape)).not.toContain('type');
    });

    it('refuses empty values in plain words', () => {
      const result = type.schema.safeParse({});
      for (const issue of result.error?.issues ?? []) expect(issue.message, `${id}.${issue.path.join('.')}`).not.toMatch(/^Invalid input/);
    });
  });
});

/**
 * The built-in templates (server/templates/builtin/*.json): each one parses, is a graph our
 * engine accepts with the node types that exist today, ships the sample files it names, and asks
 * (with credential placeholders) only for credentials its steps can use.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import { getCredentialType } from '../../../nodes/credentials';
import { credentialFields } from '../../../core/credential-fields';
import { askedCredentials } from '../../../server/services/credential-placeholders';
import { templateGraphProblems } from '../../../server/services/templates';
import { readBuiltinTemplates, SAMPLES_DIR } from '../../../server/templates/builtin';

const templates = await readBuiltinTemplates();

describe('built-in templates', () => {
  it('offers at least twelve, each with a name, description and category', () => {
    expect(templates.length).toBeGreaterThanOrEqual(12);
    for (const t of templates) {
      expect(t.name.trim(), t.slug).not.toBe('');
      expect(t.description.length, t.slug).toBeGreaterThan(30);
      expect(t.category.trim(), t.slug).not.toBe('');
    }
    expect(new Set(templates.map((t) => t.name)).size).toBe(templates.length);
  });

  for (const t of templates) {
    it(`${t.slug} is a valid workflow using only node types that exist`, () => {
      expect(templateGraphProblems(t.document, getNodeType)).toEqual([]);
      for (const node of t.document.nodes) expect(getNodeType(node.type), `${t.slug}: ${node.type}`).toBeDefined();
      for (const sample of t.samples) expect(existsSync(path.join(SAMPLES_DIR, sample.file)), sample.file).toBe(true);
    });

    it(`${t.slug} asks only for credentials its steps' credential fields accept`, () => {
      for (const asked of askedCredentials(t.document)) {
        expect(getCredentialType(asked.type), asked.key).toBeDefined();
        for (const step of asked.steps) {
          const def = getNodeType(t.document.nodes.find((n) => n.id === step.nodeId)!.type)!;
          expect(credentialFields(def).find((f) => f.key === step.field)?.types, `${t.slug}: ${step.nodeId}.${step.field}`).toContain(
            asked.type,
          );
        }
      }
    });
  }
});

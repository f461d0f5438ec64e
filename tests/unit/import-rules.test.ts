/**
 * The layers of README "How the code is laid out" hold (tests/helpers/import-rules.ts), and the
 * check really fails on a wrong import (a fixture tree that breaks each rule once).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImportRules } from '../helpers/import-rules';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Files that still query the database outside server/db/ (issue 16, "one way to the database"):
 * move their statements into server/db/ and delete the line here. Never add to this list.
 */
const SQL_OUTSIDE_DB_LEFT = new Set([
  'server/browser/profile-lock.ts',
  'server/credentials/rotate.ts',
  'server/http/file-download.ts',
  'server/run-ends.ts',
  'server/triggers/active.ts',
  'server/triggers/schedule.ts',
  'server/triggers/state.ts',
]);

describe('import rules', () => {
  it('holds for the code: core/ and nodes/ stay below server/, app/ takes only types from server/, SQL in server/db/, no folder cycle in server/', () => {
    const broken = checkImportRules(ROOT).filter((v) => !(v.rule === 'sql-outside-db' && SQL_OUTSIDE_DB_LEFT.has(v.file.split(':')[0])));
    expect(broken.map((v) => `${v.rule}: ${v.file} ${v.detail}`)).toEqual([]);
  });

  it('fails on a tree that breaks each rule once', () => {
    const found = checkImportRules(path.join(ROOT, 'tests/fixtures/import-rules'));
    const seen = found.map((v) => `${v.rule} ${v.file.split(':')[0]}`).sort();
    expect(seen).toEqual(
      [
        'app-imports-server-at-runtime app/page.tsx',
        'core-imports-io core/bad.ts',
        'core-or-nodes-imports-server core/bad.ts',
        'core-or-nodes-imports-server nodes/bad.ts',
        'server-folder-cycle server/{a/, b/}',
        'sql-outside-db server/a/query.ts',
      ].sort(),
    );
  });
});

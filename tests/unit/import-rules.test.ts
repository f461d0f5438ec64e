/**
 * The layers of README "How the code is laid out" hold (tests/helpers/import-rules.ts), and the
 * check really fails on a wrong import (a fixture tree that breaks each rule once).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImportRules } from '../helpers/import-rules';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('import rules', () => {
  it('holds for the code: core/ and nodes/ stay below server/, app/ takes only types from server/, routers call services not server/db/, SQL in server/db/, no folder cycle in server/', () => {
    const broken = checkImportRules(ROOT);
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
        'router-imports-db server/trpc/router.ts',
        'server-folder-cycle server/{a/, b/}',
        'sql-outside-db server/a/lock.ts',
        'sql-outside-db server/a/query.ts',
      ].sort(),
    );
  });
});

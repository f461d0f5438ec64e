/**
 * The compiled server (bin/precompile.mjs) on a small repository of its own: built once, used
 * while its sources are unchanged, built again when one changes, never in two processes at once.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let repo: string;
let precompiled: (entry: string, log?: (line: string) => void) => Promise<string | null>;

const write = (file: string, text: string) => writeFileSync(path.join(repo, file), text);
const runBuilt = (url: string) => execFileSync(process.execPath, [fileURLToPath(url)], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'tm-precompile-'));
  mkdirSync(path.join(repo, 'bin'));
  mkdirSync(path.join(repo, 'src'));
  cpSync(path.join(ROOT, 'bin', 'precompile.mjs'), path.join(repo, 'bin', 'precompile.mjs'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
  write('package.json', '{"type":"module"}');
  write('tsconfig.json', '{}');
  write('src/dep.ts', "export const word: string = 'one';\n");
  // Where the source file is, and a package from node_modules (left out of the build).
  write(
    'src/entry.ts',
    "import { z } from 'zod';\nimport { word } from './dep';\nconsole.log(word, z.string().parse('ok'), new URL('.', import.meta.url).pathname);\n",
  );
  ({ precompiled } = await import(pathToFileURL(path.join(repo, 'bin', 'precompile.mjs')).href));
});

afterAll(() => {
  // The cache sits in the linked node_modules: remove this repository's builds from it.
  const cache = path.join(ROOT, 'node_modules', '.cache', 'taskmaster-server');
  for (const file of readdirSync(cache).filter((f) => f.endsWith('.json'))) {
    const manifest = JSON.parse(readFileSync(path.join(cache, file), 'utf8'));
    if (manifest.root !== repo) continue;
    rmSync(path.join(cache, manifest.dir), { recursive: true, force: true });
    rmSync(path.join(cache, file));
  }
  rmSync(path.join(repo, 'node_modules'));
  rmSync(repo, { recursive: true, force: true });
});

describe('the compiled server', () => {
  it('builds once, runs as the sources would, and keeps each file its own address', async () => {
    const lines: string[] = [];
    const url = await precompiled('src/entry.ts', (line) => lines.push(line));
    expect(url).toMatch(/main\.mjs$/);
    expect(runBuilt(url!)).toBe(`one ok ${path.join(repo, 'src')}/`);
    expect(lines.join('\n')).toContain('compiled src/entry.ts');
    lines.length = 0;
    expect(await precompiled('src/entry.ts', (line) => lines.push(line))).toBe(url);
    expect(lines).toEqual([]);
  });

  it('builds again when a source changes, and not when a file is only touched', async () => {
    const before = await precompiled('src/entry.ts');
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(repo, 'src', 'dep.ts'), later, later);
    expect(await precompiled('src/entry.ts')).toBe(before);
    write('src/dep.ts', "export const word: string = 'two';\n");
    const after = await precompiled('src/entry.ts');
    expect(after).not.toBe(before);
    expect(runBuilt(after!).split(' ')[0]).toBe('two');
  });

  it('leaves the sources to tsx while another process is building, and says so', async () => {
    write('src/dep.ts', "export const word: string = 'three';\n");
    const lock = path.join(repo, 'node_modules', '.cache', 'taskmaster-server');
    const manifest = readdirSync(lock).find((f) => f.startsWith('src-entry-ts-') && f.endsWith('.json'))!;
    writeFileSync(path.join(lock, `${manifest}.lock`), '');
    const lines: string[] = [];
    try {
      expect(await precompiled('src/entry.ts', (line) => lines.push(line))).toBeNull();
      expect(lines.join('\n')).toContain('another process is compiling');
    } finally {
      rmSync(path.join(lock, `${manifest}.lock`));
    }
    expect(runBuilt((await precompiled('src/entry.ts'))!).split(' ')[0]).toBe('three');
  });
});

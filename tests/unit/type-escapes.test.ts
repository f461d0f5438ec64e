/**
 * No `as unknown as` in our code (issue 16): a double cast turns off the type check for a value
 * entirely. Values of unknown shape are parsed (zod) or narrowed where they come in instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const AREAS = ['app', 'core', 'nodes', 'server'];

/** Lines of `source` where a value is cast to unknown and then to something else. */
function doubleCasts(fileName: string, text: string): number[] {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    false,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const lines: number[] = [];
  const isUnknownCast = (node: ts.Node): boolean => {
    const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
    return (ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner)) && inner.type.kind === ts.SyntaxKind.UnknownKeyword;
  };
  const visit = (node: ts.Node) => {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && isUnknownCast(node.expression))
      lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('type escapes', () => {
  it('finds no `as unknown as` in app/, core/, nodes/ or server/', () => {
    const found = AREAS.flatMap((area) => sourceFiles(path.join(ROOT, area))).flatMap((file) => {
      const rel = path.relative(ROOT, file);
      return doubleCasts(rel, fs.readFileSync(file, 'utf8')).map((line) => `${rel}:${line}`);
    });
    expect(found).toEqual([]);
  });

  it('recognises a double cast however it is written, and leaves single casts alone', () => {
    const text = [
      'const a = x as unknown as Row;',
      'const b = (x as unknown) as Row;',
      'const c = <Row>(<unknown>x);',
      'const d = x as Row;',
      'const e: unknown = x;',
    ].join('\n');
    expect(doubleCasts('sample.ts', text)).toEqual([1, 2, 3]);
  });
});

/**
 * Size limits of issue 16 ("a thin run loop"): no file over 400 lines and no function over 80
 * lines in the folders given. A function counts from its first to its last line, nested
 * functions included: a closure-heavy factory is as hard to read as one long body.
 * Uses the TypeScript compiler API (parse only, no type check), like tests/helpers/import-rules.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface SizeLimits {
  maxFileLines: number;
  maxFunctionLines: number;
}

export const ISSUE_16_LIMITS: SizeLimits = { maxFileLines: 400, maxFunctionLines: 80 };

export interface SizeViolation {
  file: string;
  /** `file` for a whole file, else the function's name (`<anonymous>` when it has none). */
  what: string;
  lines: number;
}

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '<anonymous>';
}

/** Functions longer than the limit in one parsed file. */
function longFunctions(source: ts.SourceFile, max: number): Array<{ name: string; lines: number }> {
  const found: Array<{ name: string; lines: number }> = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const lines = lineOf(fn.getEnd()) - lineOf(fn.getStart(source)) + 1;
      if (lines > max) found.push({ name: nameOf(fn), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every file and function over the limits under `root`'s `dirs` (repo-relative folders). */
export function checkCodeSize(root: string, dirs: string[], limits: SizeLimits = ISSUE_16_LIMITS): SizeViolation[] {
  const violations: SizeViolation[] = [];
  for (const full of dirs.flatMap((d) => listSources(path.join(root, d)))) {
    const rel = path.relative(root, full).split(path.sep).join('/');
    const text = fs.readFileSync(full, 'utf8');
    const fileLines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    if (fileLines > limits.maxFileLines) violations.push({ file: rel, what: 'file', lines: fileLines });
    const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    for (const fn of longFunctions(source, limits.maxFunctionLines)) violations.push({ file: rel, what: fn.name, lines: fn.lines });
  }
  return violations;
}

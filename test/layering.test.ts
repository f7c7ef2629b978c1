/**
 * The house checks itself (issue 12): every file under src/ is read with the TypeScript
 * parser, and the test fails on an import across a forbidden arrow between the top-level
 * folders, and on database work outside src/archive. The arrows:
 * - model and extract are the floor: model imports nothing of src, extract only model;
 * - sources (pure parsers) import only extract and model: no crawl, archive, publish, cli;
 * - archive imports only extract and model: it knows nothing of who calls it;
 * - publish imports no crawl, sources, cli or simulate: a board's facts come from the archive;
 * - crawl imports no publish, cli or simulate;
 * - simulate imports nothing else of src: it stands in for the real boards, so it must not
 *   share the adapters' parsers or the model (a parser bug would be mirrored by the board it
 *   is tested against);
 * - better-sqlite3 and kysely are imported only under src/archive.
 * Database work outside src/archive: calls of selectFrom, insertInto, updateTable, deleteFrom,
 * prepare or pragma, `sql` template tags and sql.raw, and the raw handle (`.sqlite`).
 * Folders not named here (cli, serve, ...) may import what they need.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/shared.js';

const SRC = path.join(repoRoot, 'src');

/** What a folder may import from the rest of src (absent: anything but what MUST_NOT names). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  model: [],
  extract: ['model'],
  sources: ['extract', 'model'],
  archive: ['extract', 'model'],
  simulate: [],
};

/** What a folder must not import from the rest of src. */
const MUST_NOT: Record<string, readonly string[]> = {
  publish: ['crawl', 'sources', 'cli', 'simulate'],
  crawl: ['publish', 'cli', 'simulate'],
};

/** Packages that speak the database's dialect: the archive's alone. */
const DATABASE_PACKAGES = ['better-sqlite3', 'kysely'];

/** Method calls that build or run queries, or tune the connection. */
const QUERY_CALLS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'prepare', 'pragma']);

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The top-level folder of src a file lies in. */
const layerOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;

interface Found {
  file: string;
  line: number;
  text: string;
}

/** The module specifiers a file imports or re-exports, static and dynamic, with their lines. */
function importsOf(file: string, source: ts.SourceFile): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    let spec: ts.Expression | undefined;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) spec = node.moduleSpecifier;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) spec = node.arguments[0];
    if (spec && ts.isStringLiteralLike(spec)) out.push({ spec: spec.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Forbidden import arrows in one file. */
function forbiddenImports(file: string, source: ts.SourceFile): Found[] {
  const from = layerOf(file);
  const found: Found[] = [];
  for (const { spec, line } of importsOf(file, source)) {
    if (!spec.startsWith('.')) {
      const pkg = spec.split('/')[0]!;
      if (from !== 'archive' && DATABASE_PACKAGES.includes(pkg)) found.push({ file, line, text: `${from} -> ${pkg} (only src/archive speaks to the database)` });
      continue;
    }
    const target = path.resolve(path.dirname(file), spec);
    if (!target.startsWith(SRC + path.sep)) {
      found.push({ file, line, text: `${from} -> ${path.relative(repoRoot, target)} (outside src)` });
      continue;
    }
    const to = layerOf(target);
    if (to === from) continue;
    const allowed = MAY_IMPORT[from];
    if ((allowed && !allowed.includes(to)) || MUST_NOT[from]?.includes(to)) found.push({ file, line, text: `${from} -> ${to}` });
  }
  return found;
}

/** Database work in one file: query-building calls, sql tags, the raw handle. */
function databaseWork(file: string, source: ts.SourceFile): Found[] {
  const found: Found[] = [];
  const at = (node: ts.Node, text: string) => found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text });
  const isSql = (e: ts.Expression) => ts.isIdentifier(e) && e.text === 'sql';
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      if (QUERY_CALLS.has(name)) at(node, `.${name}(`);
      if (name === 'raw' && isSql(node.expression.expression)) at(node, 'sql.raw(');
    }
    if (ts.isTaggedTemplateExpression(node) && (isSql(node.tag) || (ts.isPropertyAccessExpression(node.tag) && isSql(node.tag.expression)))) at(node, 'sql`...`');
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'sqlite') at(node, '.sqlite (the raw better-sqlite3 handle)');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const parsed = sourceFiles(SRC).map((file) => ({ file, source: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true) }));
const show = (found: Found[]) => found.map((f) => `${path.relative(repoRoot, f.file)}:${f.line}: ${f.text}`);

describe('the layers of src', () => {
  it('reads the files of every folder the rules name', () => {
    for (const layer of [...Object.keys(MAY_IMPORT), ...Object.keys(MUST_NOT)]) expect(parsed.some((p) => layerOf(p.file) === layer), layer).toBe(true);
  });

  it('import only across allowed arrows', () => {
    expect(show(parsed.flatMap((p) => forbiddenImports(p.file, p.source)))).toEqual([]);
  });

  it('build and run queries only in src/archive', () => {
    const outside = parsed.filter((p) => layerOf(p.file) !== 'archive');
    expect(show(outside.flatMap((p) => databaseWork(p.file, p.source)))).toEqual([]);
  });

  it('finds database work where there is some (src/archive is not empty of it)', () => {
    const inside = parsed.filter((p) => layerOf(p.file) === 'archive');
    const kinds = new Set(inside.flatMap((p) => databaseWork(p.file, p.source)).map((f) => f.text));
    expect([...kinds]).toEqual(expect.arrayContaining(['.selectFrom(', '.insertInto(', '.prepare(', 'sql.raw(', '.pragma(']));
  });
});

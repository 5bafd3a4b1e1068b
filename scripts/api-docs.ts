/**
 * docs/api.md against src/index.ts: the names the entry point exports, the names the page documents,
 * and the difference both ways.
 *
 *   npx tsx scripts/api-docs.ts     lists undocumented exports and documented non-exports, exits 1 if any
 *
 * properties/api-docs.test.ts runs the same comparison in `npm test`.
 *
 * Exports are read from the syntax tree (TypeScript's parser, no type check: about 50 ms), so
 * `export { default as fc }` counts as `fc` and `export type { … }` counts like any other export.
 * Documented names are the code spans of the first column of the page's tables: `runSgd(config)`
 * documents `runSgd`; `Theorem.evaluate(scope)` documents a member of `Theorem`, which must itself be
 * exported. Code spans elsewhere (prose, examples) are not a listing and are not read.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const INDEX = 'src/index.ts';
export const API_DOC = 'docs/api.md';

/** Every name `source` (a module's text) exports, by its exported name. */
export function exportedNames(source: string): Set<string> {
  const file = ts.createSourceFile('index.ts', source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  const isExported = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause) throw new Error(`${INDEX}: 'export *' hides which names are public; list them`);
      if (ts.isNamespaceExport(statement.exportClause)) names.add(statement.exportClause.name.text);
      else for (const element of statement.exportClause.elements) names.add(element.name.text);
    } else if (isExported(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      } else if (
        (ts.isFunctionDeclaration(statement) ||
          ts.isClassDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement) ||
          ts.isEnumDeclaration(statement)) &&
        statement.name
      ) {
        names.add(statement.name.text);
      }
    }
  }
  return names;
}

export interface DocumentedName {
  /** The exported name the span documents (for `Theorem.evaluate(scope)`, `Theorem`). */
  name: string;
  /** The code span as written. */
  written: string;
  line: number;
}

/** The names listed in the first column of every Markdown table of `markdown`. */
export function documentedNames(markdown: string): DocumentedName[] {
  const found: DocumentedName[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*```/.test(text)) fenced = !fenced;
    if (fenced || !text.startsWith('|')) return;
    const firstCell = text.split('|')[1] ?? '';
    if (/^\s*-+\s*$/.test(firstCell) || /^\s*export\s*$/.test(firstCell)) return; // rule, header
    for (const m of firstCell.matchAll(/`([^`]+)`/g)) {
      const name = /^[A-Za-z_$][\w$]*/.exec(m[1]);
      if (!name) throw new Error(`${API_DOC}:${i + 1}: \`${m[1]}\` in an export column does not start with a name`);
      found.push({ name: name[0], written: m[1], line: i + 1 });
    }
  });
  return found;
}

export interface ApiDocsDifference {
  /** Exported by the entry point, listed nowhere on the page. */
  undocumented: string[];
  /** Listed on the page, not exported (with the line where it is listed). */
  notExported: DocumentedName[];
}

export function compareApiDocs(indexSource: string, markdown: string): ApiDocsDifference {
  const exported = exportedNames(indexSource);
  const documented = documentedNames(markdown);
  const listed = new Set(documented.map((d) => d.name));
  return {
    undocumented: [...exported].filter((n) => !listed.has(n)).sort(),
    notExported: documented.filter((d) => !exported.has(d.name)),
  };
}

export function formatApiDocsDifference(d: ApiDocsDifference): string {
  return [
    ...d.undocumented.map((n) => `${INDEX}: \`${n}\` is exported but ${API_DOC} does not list it (add a table row)`),
    ...d.notExported.map(
      (x) => `${API_DOC}:${x.line}: \`${x.written}\` is listed but ${INDEX} does not export \`${x.name}\``,
    ),
  ].join('\n');
}

export function checkApiDocs(root = ROOT): ApiDocsDifference {
  return compareApiDocs(readFileSync(join(root, INDEX), 'utf8'), readFileSync(join(root, API_DOC), 'utf8'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const difference = checkApiDocs();
  const report = formatApiDocsDifference(difference);
  if (report !== '') {
    console.log(report);
    process.exit(1);
  }
  console.log(`api-docs: ${API_DOC} lists exactly the exports of ${INDEX}`);
}

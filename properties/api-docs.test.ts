/**
 * docs/api.md lists exactly the public API: every export of src/index.ts has a row, and every name in
 * the first column of the page's tables is exported (scripts/api-docs.ts; to list the difference:
 * npx tsx scripts/api-docs.ts). The comparison itself is checked first on small texts with a known
 * answer, so a parser that saw nothing could not pass the real check.
 */
import { describe, expect, it } from 'vitest';
import {
  checkApiDocs,
  compareApiDocs,
  documentedNames,
  exportedNames,
  formatApiDocsDifference,
} from '../scripts/api-docs';

describe('the comparison finds what it looks for', () => {
  it('reads every form of export: named, renamed, type-only, declarations', () => {
    const source = [
      "export { a, b as c, type T } from './x';",
      "export type { U } from './y';",
      "export { default as fc } from 'fast-check';",
      'export const K = 1;',
      'export function f(): void {}',
      'export interface I {}',
      'const hidden = 2;',
    ].join('\n');
    expect([...exportedNames(source)].sort()).toEqual(['I', 'K', 'T', 'U', 'a', 'c', 'f', 'fc']);
  });

  it("reads the first column of tables only, a member as its owner's name", () => {
    const markdown = [
      '| export | what it is |',
      '| --- | --- |',
      '| `run(config)`, `Owner.member(x)` | uses `notAName` in the second column |',
      '',
      'Prose with `proseName` is not a listing.',
      '```ts',
      '| `fenced` | ignored |',
      '```',
    ].join('\n');
    expect(documentedNames(markdown).map((d) => d.name)).toEqual(['run', 'Owner']);
  });

  it('reports an undocumented export and a documented non-export', () => {
    const difference = compareApiDocs(
      'export { kept, forgotten } from "./m";',
      '| export | what |\n| --- | --- |\n| `kept`, `removed()` | … |',
    );
    expect(difference.undocumented).toEqual(['forgotten']);
    expect(difference.notExported.map((d) => d.name)).toEqual(['removed']);
  });
});

describe('docs/api.md and src/index.ts', () => {
  it('list the same names', () => {
    const difference = checkApiDocs();
    expect(formatApiDocsDifference(difference)).toBe('');
  });
});

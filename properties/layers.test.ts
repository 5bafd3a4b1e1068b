/**
 * The import layers are one list (layers.json), read by the dependency rule (.dependency-cruiser.cjs,
 * `npm run depcheck`) and shown in README.md's "How it fits together". This test checks that the
 * README shows exactly that list, that every module of src/ belongs to exactly one layer, and that
 * the rules the config builds forbid exactly the upward imports. The rule itself runs in .ci/run.
 * It also checks the house rule that every module folder below src/ has a README.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

interface Layer {
  name: string;
  paths: string[];
}
interface Rule {
  name: string;
  from: { path?: string[] | string; pathNot?: string };
  to: { path?: string[] | string; pathNot?: string[] | string; circular?: boolean };
}

const { layers } = JSON.parse(readFileSync(join(ROOT, 'layers.json'), 'utf8')) as { layers: Layer[] };
const config = require(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: Rule[] };

const MARKER = '<!-- layers: bottom to top';

/** The layer list of README.md: the fenced block after the marker, one `name path path …` per line. */
function readmeLayers(readme: string): Layer[] {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no "${MARKER}" marker before its layer list`);
  const fence = readme.indexOf('```', at);
  const body = readme.slice(readme.indexOf('\n', fence) + 1, readme.indexOf('```', fence + 3));
  return body
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [name, ...paths] = l.trim().split(/\s+/);
      return { name, paths };
    });
}

/** Where two layer lists differ, as sentences (empty when they agree). */
function differences(readme: Layer[], rule: Layer[]): string[] {
  const out: string[] = [];
  const names = (ls: Layer[]) => ls.map((l) => l.name).join(' → ');
  if (names(readme) !== names(rule)) out.push(`order: README ${names(readme)}; layers.json ${names(rule)}`);
  for (const l of rule) {
    const r = readme.find((x) => x.name === l.name);
    if (r && r.paths.join(' ') !== l.paths.join(' ')) {
      out.push(`${l.name}: README ${r.paths.join(' ')}; layers.json ${l.paths.join(' ')}`);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'assets' || e.name === 'fallback' ? [] : sourceFiles(p);
    return /\.(ts|mts|mjs|js)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [relative(ROOT, p)] : [];
  });
}

const inLayer = (file: string, l: Layer) => l.paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
const matches = (patterns: string[] | string | undefined, file: string) =>
  patterns !== undefined && [patterns].flat().some((re) => new RegExp(re).test(file));

/** Whether some rule of the config forbids `from` importing `to`. */
function forbidden(from: string, to: string): boolean {
  return config.forbidden.some(
    (r) =>
      !r.to.circular &&
      matches(r.from.path, from) &&
      !matches(r.from.pathNot, from) &&
      matches(r.to.path ?? '.', to) &&
      !matches(r.to.pathNot, to),
  );
}

describe('the import layers', () => {
  it("README.md's layer list is the dependency rule's (layers.json)", () => {
    const readme = readmeLayers(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(differences(readme, layers)).toEqual([]);
  });

  it('a README whose layers are out of order or miss a path is caught', () => {
    const swapped = [layers[1], layers[0], ...layers.slice(2)];
    expect(differences(swapped, layers)).toHaveLength(1);
    const shortened = layers.map((l, i) => (i === 0 ? { ...l, paths: l.paths.slice(1) } : l));
    expect(differences(shortened, layers)).toEqual([expect.stringMatching(/^base: /)]);
  });

  it('every module of src/ belongs to exactly one layer', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const wrong = files
      .map((f) => ({ f, n: layers.filter((l) => inLayer(f, l)).length }))
      .filter((x) => x.n !== 1)
      .map((x) => `${x.f}: in ${x.n} layers (add it to one layer of layers.json and README.md)`);
    expect(wrong).toEqual([]);
  });

  it('the rules forbid every upward import and no downward one', () => {
    // One representative module per layer (its first path; a folder stands for a file inside it).
    const sample = layers.map((l) => (l.paths[0].endsWith('/') ? `${l.paths[0]}x.ts` : l.paths[0]));
    const wrong: string[] = [];
    sample.forEach((from, i) =>
      sample.forEach((to, j) => {
        const expected = j > i || (layers[i].name === 'report' && j < i && layers[j].name !== 'base');
        if (forbidden(from, to) !== expected) wrong.push(`${from} → ${to}: ${expected ? 'allowed' : 'forbidden'}`);
      }),
    );
    expect(wrong).toEqual([]);
    // A unit test beside the code is a consumer, outside the layer rules.
    expect(forbidden('src/stats/x.test.ts', 'src/engine/rng.ts')).toBe(false);
    expect(forbidden('src/stats/x.ts', 'src/engine/rng.ts')).toBe(true);
  });
});

/**
 * The folders below src/ that hold a module (a file `sourceFiles` lists) and no README.md, given the
 * repository paths of the modules and of the READMEs. src/ itself is left out: its few top-level
 * modules are described by the top-level README.md and docs/architecture.md's folder table.
 */
function foldersWithoutReadme(modules: readonly string[], readmes: readonly string[]): string[] {
  const documented = new Set(readmes.map((r) => dirname(r)));
  const folders = new Set(modules.map((m) => dirname(m)).filter((d) => d !== 'src'));
  return [...folders].filter((d) => !documented.has(d)).sort();
}

function readmesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return readmesBelow(p);
    return e.name === 'README.md' ? [relative(ROOT, p)] : [];
  });
}

describe('every module folder has a README.md', () => {
  const modules = sourceFiles(join(ROOT, 'src'));
  const readmes = readmesBelow(join(ROOT, 'src'));

  it('every folder below src/ holding a module has its README.md', () => {
    const missing = foldersWithoutReadme(modules, readmes).map(
      (d) =>
        `${d}/README.md is missing: write what the folder computes (its equation where there is one), one line ` +
        'per file and a short doctested example, in the shape of src/engine/README.md',
    );
    expect(missing).toEqual([]);
  });

  it('removing one README adds exactly its folder to the list', () => {
    const removed = 'src/engine/averagers/README.md';
    expect(existsSync(join(ROOT, removed))).toBe(true);
    const before = foldersWithoutReadme(modules, readmes);
    const after = foldersWithoutReadme(
      modules,
      readmes.filter((r) => r !== removed),
    );
    expect(after.filter((d) => !before.includes(d))).toEqual(['src/engine/averagers']);
    // A new folder with a module needs one; a module directly in src/ does not (the top-level README covers it).
    expect(foldersWithoutReadme([...modules, 'src/new-tool/run.ts'], readmes)).toEqual(
      [...before, 'src/new-tool'].sort(),
    );
    expect(foldersWithoutReadme(['src/cli.ts'], [])).toEqual([]);
  });
});

/** Every name an import statement of `source` takes from another module of src/ (not from the same folder). */
function importedNames(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.\.\/[^']+)'/g)) {
    for (const item of m[1].split(',')) {
      const name = item
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)[0]
        .trim();
      if (name) names.push(name);
    }
  }
  return names;
}

describe("the registry's catalog is written like a user's", () => {
  // The names src/index.ts exports (the public API), read from its export statements.
  const index = readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8');
  const publicNames = new Set(
    [...index.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
      m[1]
        .split(',')
        .map((s) =>
          s
            .replace(/^\s*type\s+/, '')
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        )
        .filter(Boolean),
    ),
  );
  const theoremFiles = ['convergence.ts', 'stability.ts', 'registry.ts'];

  it.each(theoremFiles)('src/catalog/%s builds its theorems only with the public API', (file) => {
    const names = importedNames(readFileSync(join(ROOT, 'src', 'catalog', file), 'utf8'));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !publicNames.has(n))).toEqual([]);
  });

  it('an import of an internal name is caught', () => {
    const internal = "import { exactDetail } from '../measure/exact';";
    expect(importedNames(internal).filter((n) => !publicNames.has(n))).toEqual(['exactDetail']);
  });
});

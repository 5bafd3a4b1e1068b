import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiled, registryCatalogFile } from '../entry-points';
import { CatalogError, InvalidParameterError } from '../errors';
import type { TheoremCheck } from '../theory/check';
import type { Theorem } from '../theory/theorem';

/**
 * What an audit runs: theorems, each carrying its check. The real one is the registry; tests pass a
 * small fake one. Worker threads cannot receive functions, so a catalog travels as a module specifier
 * ("path/to/module.ts" or "path/to/module.ts#exportName", default export name `catalog`).
 */
export interface Catalog {
  theorems: readonly Theorem[];
}

/** The module that exports the registry's catalog (src/catalog/registry-catalog.ts, or its build). */
export const REGISTRY_CATALOG = fileURLToPath(registryCatalogFile);

const loaded = new Map<string, Promise<Catalog>>();

export function loadCatalog(specifier: string): Promise<Catalog> {
  let p = loaded.get(specifier);
  if (!p) {
    p = importCatalog(specifier);
    loaded.set(specifier, p);
  }
  return p;
}

/** How a catalog module must look: the fix every CatalogError about its shape names. */
const CATALOG_SHAPE =
  "export const catalog: Catalog = { theorems: [defineTheorem({ ... })] } (import { defineTheorem, type Catalog } from 'fwa-theorems')";

/**
 * THE loader of a user's module (a .ts or .js catalog file) for every tool: check, audit, guard and
 * the audit's worker threads. Every way the module can be unusable is a CatalogError naming the file
 * and the fix (bad input, exit 2): no file, a module that throws while loading (e.g. a theorem whose
 * bound uses a symbol it does not document, or a class no generator produces), no `catalog` export,
 * a theorem that is not a defineTheorem value, duplicate ids, a bound that does not compile.
 */
async function importCatalog(specifier: string): Promise<Catalog> {
  const hash = specifier.lastIndexOf('#');
  const file = hash > 0 ? specifier.slice(0, hash) : specifier;
  const name = hash > 0 ? specifier.slice(hash + 1) : 'catalog';
  // A missing file would otherwise surface as an ERR_MODULE_NOT_FOUND stack trace from import().
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
    throw new CatalogError(
      file,
      `there is no file ${resolve(file)}`,
      'give the path of a .ts or .js catalog module, relative to the current directory',
    );
  }
  let mod: Record<string, unknown>;
  try {
    if (inEsmScope(file)) {
      if (compiled && /\.[cm]?tsx?$/.test(file)) await registerTypeScript();
      mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
    } else mod = await importAsEsm(file);
  } catch (e) {
    throw loadError(file, e);
  }
  const c = mod[name] as Partial<Catalog> | undefined;
  if (!c || typeof c !== 'object' || !Array.isArray(c.theorems)) {
    // An empty TypeScript file loaded through tsx (the CLI running the sources) arrives as a CommonJS
    // module whose namespace holds an empty `default`: the user exported nothing, so say so.
    const exported = Object.keys(mod).filter((k) => !(k === 'default' && isPlainEmptyObject(mod.default)));
    throw new CatalogError(
      file,
      `the module exports no \`${name}\` with a theorems array (it exports: ${exported.length ? exported.join(', ') : 'nothing'})`,
      CATALOG_SHAPE,
    );
  }
  return validateCatalog(file, c.theorems);
}

function isPlainEmptyObject(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 0
  );
}

/** Every entry is a defineTheorem value with a unique id whose bound compiles with its symbols documented. */
function validateCatalog(file: string, theorems: readonly unknown[]): Catalog {
  const seen = new Set<string>();
  theorems.forEach((t, i) => {
    const th = t as Partial<Theorem> | undefined;
    if (
      !th ||
      typeof th.id !== 'string' ||
      typeof th.evaluate !== 'function' ||
      typeof th.assertHypotheses !== 'function'
    ) {
      throw new CatalogError(
        file,
        `theorems[${i}] is not a theorem value`,
        'build every entry with defineTheorem({ ... }) from fwa-theorems',
      );
    }
    if (seen.has(th.id))
      throw new CatalogError(file, `two theorems have the id ${th.id}`, 'give every theorem its own id');
    seen.add(th.id);
    try {
      void th.compiled;
    } catch (e) {
      throw new CatalogError(
        file,
        `theorem ${th.id}: ${(e as Error).message}`,
        'write the bound in the documented language and document every symbol it reads in symbols',
      );
    }
  });
  return { theorems: theorems as Theorem[] };
}

/**
 * Whether Node itself loads `file` as an ES module: .mjs/.mts always; .js/.ts when the nearest
 * package.json says "type": "module". A .ts or .js catalog anywhere else (a folder without
 * package.json, a CommonJS package) is CommonJS by Node's rules, and its `import` lines would make
 * Node require() an ES module (the error that used to be reported as a broken definition).
 */
function inEsmScope(file: string): boolean {
  if (/\.m[jt]s$/.test(file)) return true;
  if (/\.c[jt]s$/.test(file)) return false;
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/** Outside an ESM scope: tsx's tsImport loads the file (TypeScript or not, import or require syntax) as written. */
async function importAsEsm(file: string): Promise<Record<string, unknown>> {
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(pathToFileURL(resolve(file)).href, import.meta.url)) as Record<string, unknown>;
}

/** A module that would not load, as a CatalogError naming the real cause (a missing package, a syntax error, a throw). */
function loadError(file: string, e: unknown): CatalogError {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: string }).code;
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(err.message)?.[1];
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && missing && !missing.startsWith('.')) {
    const pkg = missing.startsWith('/')
      ? missing
      : missing
          .split('/')
          .slice(0, missing.startsWith('@') ? 2 : 1)
          .join('/');
    return new CatalogError(
      file,
      `it imports the package ${pkg}, which Node cannot find from ${dirname(resolve(file))}`,
      `install it where the catalog can resolve it: npm install ${pkg} (in the catalog's folder or a parent)`,
    );
  }
  if (err.name === 'SyntaxError' || code === 'ERR_UNKNOWN_FILE_EXTENSION')
    return new CatalogError(file, `it does not parse: ${err.message}`, 'correct the syntax error at the place named');
  return new CatalogError(
    file,
    `loading the module threw ${err.name}: ${err.message}`,
    'correct the definition the message names',
  );
}

let typeScriptLoader: Promise<void> | undefined;

/**
 * The compiled CLI (dist/) runs without tsx; a catalog written in TypeScript is the one thing that
 * needs it, so tsx is registered only then, once per thread (worker threads load catalogs too).
 */
function registerTypeScript(): Promise<void> {
  typeScriptLoader ??= import('tsx/esm/api').then(({ register }) => void register());
  return typeScriptLoader;
}

export function findTheorem(catalog: Catalog, id: string): Theorem | undefined {
  return catalog.theorems.find((t) => t.id === id);
}

/** The check the theorem `id` carries, if the catalog holds that theorem and it has one. */
export function findCheck(catalog: Catalog, id: string): TheoremCheck | undefined {
  return findTheorem(catalog, id)?.check;
}

/** Validates requested ids up front, before any file is touched (bad input: exit 2). */
export function requireTheoremIds(catalog: Catalog, ids: readonly string[]): string[] {
  const known = catalog.theorems.map((t) => t.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new InvalidParameterError(
        '--theorem',
        id,
        known.length ? `one of: ${known.join(', ')}` : 'a theorem id (the registry is empty)',
      );
    }
  }
  return ids.length ? [...new Set(ids)] : known;
}

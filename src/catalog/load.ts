import { statSync } from 'node:fs';
import { resolve } from 'node:path';
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
  if (compiled && /\.[cm]?tsx?$/.test(file)) await registerTypeScript();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    throw new CatalogError(
      file,
      `loading the module threw ${err.name}: ${err.message}`,
      'correct the definition the message names',
    );
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

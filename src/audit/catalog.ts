import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidParameterError } from '../errors';
import type { TheoremCheck } from '../measure/trial';
import type { Theorem } from '../theory/theorem';

/**
 * What an audit runs: theorems, each carrying its check. The real one is the registry; tests pass a
 * small fake one. Worker threads cannot receive functions, so a catalog travels as a module specifier
 * ("path/to/module.ts" or "path/to/module.ts#exportName", default export name `catalog`).
 */
export interface Catalog {
  theorems: readonly Theorem[];
}

/** The module that exports the registry's catalog (src/audit/registry-catalog.ts). */
export const REGISTRY_CATALOG = fileURLToPath(new URL('./registry-catalog.ts', import.meta.url));

const loaded = new Map<string, Promise<Catalog>>();

export function loadCatalog(specifier: string): Promise<Catalog> {
  let p = loaded.get(specifier);
  if (!p) {
    p = importCatalog(specifier);
    loaded.set(specifier, p);
  }
  return p;
}

async function importCatalog(specifier: string): Promise<Catalog> {
  const hash = specifier.lastIndexOf('#');
  const file = hash > 0 ? specifier.slice(0, hash) : specifier;
  const name = hash > 0 ? specifier.slice(hash + 1) : 'catalog';
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const c = mod[name] as Catalog | undefined;
  if (!c || !Array.isArray(c.theorems)) {
    throw new InvalidParameterError('catalog', specifier, `a module exporting \`${name}\` = { theorems }`);
  }
  return c;
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

import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { CorruptFileError } from '../errors';
import { writeFileAtomic } from '../io/atomic';
import {
  buildCertificate,
  CertificateError,
  verifyCertificate,
  type CertifiedBounds,
  type PepCertificate,
} from './certificate';
import type { GridPoint } from './grid';
import { pepLayout, type PepSpec } from './problem';
import { gramInstance } from './solve';
import { solvePepSplit } from './split';
import { readCertificateFile } from './store';

/**
 * Solved certificates kept between runs, so that asking for the same worst case again costs one
 * verification (milliseconds) instead of a CSDP solve (seconds to minutes). A certificate is looked up
 * by its problem, never trusted: it must name the same spec and verify against the current code
 * (`verifyCertificate`), else it is solved again. Files are written atomically (temp file, fsync,
 * rename), so an interrupted solve leaves the cache as it was.
 */

/** The environment variable naming the cache directory. */
export const CACHE_DIR_ENV = 'FWA_PEP_CACHE_DIR';

/**
 * Where solved certificates go: `FWA_PEP_CACHE_DIR`, else `$XDG_CACHE_HOME/fwa-theorems/pep`, else
 * `.cache/fwa-theorems/pep` under the current directory (the XDG base-directory convention, kept
 * inside the project when no user cache is configured).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[CACHE_DIR_ENV];
  if (explicit !== undefined && explicit !== '') return resolve(explicit);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg !== '') return join(resolve(xdg), 'fwa-theorems', 'pep');
  return resolve('.cache', 'fwa-theorems', 'pep');
}

/**
 * JSON with object keys sorted (fast-json-stable-stringify): one text per spec however its object was
 * built, for comparing problems and naming their certificates.
 */
const canonicalJson = (spec: PepSpec): string => stableStringify(spec);

/** True when two specs state the same problem. */
function sameSpec(a: PepSpec, b: PepSpec): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The file name (without .json) of a spec's certificate outside the grid: a hash of the problem. */
export function specCertificateName(spec: PepSpec): string {
  return `pep-T${spec.T}-${createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16)}`;
}

/** The size of a problem before it is solved: inequalities m, Gram size n, and a rough time. */
export interface SolveEstimate {
  inequalities: number;
  gramSize: number;
  /**
   * Seconds, from CSDP's cubic cost in m fitted to measured solves on one core (18 s at m = 1222): an
   * upper estimate, since constraint generation usually solves with fewer inequalities, and the split
   * solve (split.ts), where its halves meet, with far fewer (T = 100: 5961 and 911 of 25 961).
   */
  seconds: number;
}

function estimateSolve(spec: PepSpec): SolveEstimate {
  const layout = pepLayout(spec);
  const m = gramInstance(layout).inequalities.length;
  return { inequalities: m, gramSize: layout.n, seconds: 1e-8 * m ** 3 };
}

/** Where a certificate came from, for the user. */
export interface CertificateFound {
  cert: PepCertificate;
  /** What `verifyCertificate` certified (every certificate handed out has been verified). */
  bounds: CertifiedBounds;
  source: string;
}

export interface CertificateLookup {
  /** Directories of committed certificates searched first (e.g. the one beside a catalog). */
  committedDirs?: readonly string[];
  /** The cache directory; null: neither read nor written. Default `defaultCacheDir()`. */
  cacheDir?: string | null;
  /** Told the problem's size before a solve starts, and when it ends. */
  onProgress?: (message: string) => void;
  /** The file name to use (default: `specCertificateName`), and the grid point when there is one. */
  name?: string;
  point?: GridPoint;
}

/** A verified certificate of the spec at this path, or null (absent, damaged, stale or another problem). */
function verifiedAt(path: string, spec: PepSpec): { cert: PepCertificate; bounds: CertifiedBounds } | null {
  if (!existsSync(path)) return null;
  try {
    const cert = readCertificateFile(path);
    if (!sameSpec(cert.spec, spec)) return null;
    return { cert, bounds: verifyCertificate(cert) };
  } catch (err) {
    if (err instanceof CertificateError || err instanceof CorruptFileError) return null;
    throw err;
  }
}

/** A committed or cached certificate of the spec that verifies, without solving; null when there is none. */
export function findCertificate(spec: PepSpec, options: CertificateLookup = {}): CertificateFound | null {
  const name = options.name ?? specCertificateName(spec);
  for (const dir of options.committedDirs ?? []) {
    const found = verifiedAt(join(dir, `${name}.json`), spec);
    if (found) return { ...found, source: `committed certificate ${shown(join(dir, `${name}.json`))}` };
  }
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  if (cacheDir === null) return null;
  const path = join(cacheDir, `${name}.json`);
  const found = verifiedAt(path, spec);
  return found ? { ...found, source: `cached certificate ${shown(path)}` } : null;
}

/** A path as the user would type it: relative to the current directory when inside it. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

/**
 * The certificate of a spec: committed or cached when one verifies, else solved with CSDP (after
 * announcing its size and estimated time; by the split solve where its halves meet, else by constraint
 * generation), verified, and written to the cache.
 */
export async function certificateFor(spec: PepSpec, options: CertificateLookup = {}): Promise<CertificateFound> {
  const found = findCertificate(spec, options);
  if (found) return found;
  const name = options.name ?? specCertificateName(spec);
  const say = options.onProgress ?? ((): void => undefined);
  const est = estimateSolve(spec);
  say(
    `solving ${name} with CSDP: ${est.inequalities} inequalities (m), Gram matrix ${est.gramSize} × ${est.gramSize}, ` +
      `estimated ≤ ${formatSeconds(est.seconds)}${spec.domain.kind === 'set' ? ' by constraint generation, far less where the split solve applies' : ''} ` +
      '(Ctrl-C stops it; nothing is written until it is verified)',
  );
  const started = performance.now();
  const cert = buildCertificate(name, await solvePepSplit(spec), options.point);
  const bounds = verifyCertificate(cert);
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  let where = '';
  if (cacheDir !== null) {
    mkdirSync(cacheDir, { recursive: true });
    const path = join(cacheDir, `${name}.json`);
    writeFileAtomic(path, JSON.stringify(cert) + '\n');
    where = `, cached in ${shown(path)}`;
  }
  say(`solved ${name} in ${formatSeconds((performance.now() - started) / 1000)}${where}`);
  return { cert, bounds, source: `solved now with CSDP${where}` };
}

function formatSeconds(s: number): string {
  return s < 1 ? `${Math.max(s, 0.01).toFixed(2)} s` : s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}

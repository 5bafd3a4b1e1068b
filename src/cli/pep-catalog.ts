import { loadCatalog, requireTheoremIds } from '../catalog/load';
import { CatalogError, HypothesisError, InvalidParameterError } from '../errors';
import { certificateFor, type CertificateLookup } from '../pep/cache';
import { worstCase, worstCaseSpecs } from '../pep/worst-case';
import { worstCaseOptionsOf, type WorstCasePoint } from '../measure/worst-case-check';
import type { Theorem } from '../theory/theorem';

/**
 * `fwa-theorems pep --catalog <file> …`: the worst case of a user's theorem whose check is a
 * `worstCaseCheck`, at any point (committed certificates, then the cache, then CSDP), beside its bound;
 * or, with `--write-certificates`, every committed point solved into the catalog's certificate
 * directory (what its check verifies at test time). Returns the exit code: 0, or 2 on bad input.
 */
export async function pepCatalog(
  file: string,
  o: {
    theorem?: string;
    T?: number;
    k?: number;
    at?: Record<string, number>;
    json?: boolean;
    writeCertificates?: boolean;
  },
  lookup: Pick<CertificateLookup, 'cacheDir' | 'onProgress'>,
): Promise<number> {
  try {
    const catalog = await loadCatalog(file);
    const ids = requireTheoremIds(catalog, o.theorem === undefined ? [] : [o.theorem]);
    const withWorstCase = catalog.theorems.filter((t) => ids.includes(t.id) && worstCaseOptionsOf(t) !== null);
    if (withWorstCase.length === 0)
      throw new CatalogError(
        file,
        `no theorem${o.theorem ? ` ${o.theorem}` : ''} has a worst-case check`,
        "define its check with worstCaseCheck({ problem, points, certificates }) from 'fwa-theorems'",
      );
    if (o.writeCertificates) {
      for (const t of withWorstCase) await writeCertificates(t, lookup);
      return 0;
    }
    const T = o.T ?? o.at?.T;
    if (o.theorem === undefined || T === undefined)
      throw new InvalidParameterError(
        'options',
        { theorem: o.theorem, T },
        `--theorem <id> with --T <n> or --at '{"T":…}' (or --write-certificates)`,
      );
    const theorem = withWorstCase[0];
    const options = worstCaseOptionsOf(theorem)!;
    const at: WorstCasePoint = { ...o.at, T, ...(o.k !== undefined ? { k: o.k } : {}) };
    const { problem, scope } = options.problem(at, theorem);
    theorem.assertHypotheses(scope);
    const bound = theorem.evaluate(scope);
    const w = await worstCase(problem, { ...lookup, committedDirs: [options.certificates] });
    const result = {
      theorem: theorem.id,
      at,
      scope,
      bound,
      lower: w.lower,
      upper: w.upper,
      exact: w.exact,
      ratioLower: w.lower / bound,
      ratioUpper: w.upper / bound,
      sources: w.sources,
    };
    if (o.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      const f = (x: number): string => x.toPrecision(10);
      process.stdout.write(
        [
          `${theorem.id}: ${JSON.stringify(at)}, scope ${JSON.stringify(scope)}`,
          `  bound          ${f(bound)}`,
          `  worst case     lower ${f(w.lower)}   upper ${f(w.upper)}   (${w.exact ? 'exact interpolation' : 'lower: realised instance, upper: necessary conditions'})`,
          `  worst / bound  ${f(result.ratioLower)} … ${f(result.ratioUpper)}`,
          ...w.sources.map((s) => `  certificate    ${s}`),
        ].join('\n') + '\n',
      );
    }
    return 0;
  } catch (e) {
    if (!(e instanceof InvalidParameterError || e instanceof HypothesisError)) throw e;
    process.stderr.write(`fwa-theorems pep: ${e.message}\n`);
    return 2;
  }
}

/** Solves the committed points of one theorem into its certificate directory (kept when they verify). */
async function writeCertificates(theorem: Theorem, lookup: Pick<CertificateLookup, 'onProgress'>): Promise<void> {
  const options = worstCaseOptionsOf(theorem)!;
  for (const at of options.points) {
    const specs = worstCaseSpecs(options.problem(at, theorem).problem);
    for (const spec of specs.upper === specs.lower ? [specs.upper] : [specs.upper, specs.lower]) {
      const { cert, source } = await certificateFor(spec, {
        committedDirs: [options.certificates],
        cacheDir: options.certificates,
        ...(lookup.onProgress ? { onProgress: lookup.onProgress } : {}),
      });
      lookup.onProgress?.(
        `${theorem.id} ${JSON.stringify(at)}: ${cert.name} ${cert.primal.value} … ${cert.dual.value} (${source})`,
      );
    }
  }
}

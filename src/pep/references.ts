import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { certificateFor, findCertificate, type CertificateFound } from './cache';
import { worstCaseSpecs, type WorstCaseProblem } from './worst-case';

/**
 * Published worst-case values the PEP must reproduce, one per class and measure it claims to handle
 * exactly; each is a committed certificate (certificates/reference/<id>.json) verified against its
 * closed form in `npm test` without a solver (properties/pep-references.test.ts), and re-solved by
 * `npm run pep:references`. Sources in docs/theory/pep.md §6.
 */
export interface ReferenceValue {
  id: string;
  /** Who published the value, where. */
  source: string;
  /** The closed form, as printed. */
  formula: string;
  problem: WorstCaseProblem;
  /** The closed form evaluated at the problem's constants. */
  value: number;
}

export const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'certificates', 'reference');

/** Drori & Teboulle (2014), Thm 3.1 with h = 1: N gradient steps of length 1/L on convex L-smooth f. */
function droriTeboulle(N: number, L: number, R: number): ReferenceValue {
  return {
    id: `drori-teboulle-gd-N${N}`,
    source: 'Drori & Teboulle 2014, Math. Program. 145, Thm 3.1 (h = 1, tight)',
    formula: 'f(x_N) − f* ≤ L R² / (4N + 2)',
    problem: {
      T: N,
      steps: { kind: 'constant', alpha: 1 / L },
      measure: 'last-iterate',
      fclass: { kind: 'smooth-convex', beta: L },
      domain: { kind: 'unconstrained', R },
    },
    value: (L * R * R) / (4 * N + 2),
  };
}

/** Taylor, Hendrickx & Glineur (2017): gradient descent with step h/L on μ-strongly convex L-smooth f, distance. */
function taylorDistance(N: number, h: number, mu: number, L: number): ReferenceValue {
  const rho = Math.max(Math.abs(1 - h), Math.abs(1 - (h * mu) / L));
  return {
    id: `taylor-gd-distance-N${N}-h${h}`,
    source: 'Taylor, Hendrickx & Glineur 2017, Math. Program. 161, §4 (gradient method, distance to x*; tight)',
    formula: '‖x_N − x*‖² ≤ max(|1 − h|, |1 − hμ/L|)^{2N} ‖x_0 − x*‖²',
    problem: {
      T: N,
      steps: { kind: 'constant', alpha: h / L },
      measure: 'last-iterate-distance',
      fclass: { kind: 'smooth-strongly-convex', mu, beta: L },
      domain: { kind: 'unconstrained', R: 1 },
    },
    value: rho ** (2 * N),
  };
}

export const REFERENCE_VALUES: readonly ReferenceValue[] = [
  {
    id: 'pepit-subgradient-M2-N6',
    source: 'PEPit, examples/unconstrained_convex_minimization/subgradient_method.py (Goujaud et al. 2024)',
    formula: 'min_{0≤t≤N} f(x_t) − f* ≤ M R / √(N + 1) with γ = R/(M √(N + 1)), tight',
    problem: {
      T: 6,
      steps: { kind: 'constant', alpha: 1 / (2 * Math.sqrt(7)) },
      measure: 'best-iterate',
      fclass: { kind: 'convex-lipschitz', G: 2 },
      domain: { kind: 'unconstrained', R: 1 },
    },
    value: 2 / Math.sqrt(7),
  },
  droriTeboulle(1, 1, 1),
  droriTeboulle(5, 2, 1.5),
  droriTeboulle(10, 1, 1),
  taylorDistance(5, 1, 0.1, 1),
  taylorDistance(4, 1.5, 0.1, 1),
];

/** The committed certificate of a reference value, verified; null when missing or not verifying. */
export function referenceCertificate(r: ReferenceValue): CertificateFound | null {
  return findCertificate(worstCaseSpecs(r.problem).upper, {
    committedDirs: [REFERENCE_DIR],
    cacheDir: null,
    name: r.id,
  });
}

/** Solves every reference value whose committed certificate is missing or stale, writing it to REFERENCE_DIR. */
export async function solveReferences(say: (line: string) => void): Promise<void> {
  for (const r of REFERENCE_VALUES) {
    const { cert, source } = await certificateFor(worstCaseSpecs(r.problem).upper, {
      committedDirs: [REFERENCE_DIR],
      cacheDir: REFERENCE_DIR,
      name: r.id,
      onProgress: say,
    });
    say(`${r.id}: ${cert.primal.value} … ${cert.dual.value} (published ${r.value}; ${source})`);
  }
}

import { InvalidArgumentError, type Command } from 'commander';
import type { AveragerSpec } from '../engine/averagers/averager';
import { INTERRUPTED_EXIT, stopOnSignal } from './interrupt';
import { integerArgument, positiveNumberArgument } from './options';

/**
 * `fwa-theorems pep --theorem <id> --T <n> --k <n> --c <x> [--averager '<json>'] [--json]`: the exact
 * worst case of the deterministic projected subgradient method (D = G = 1) beside the theorem's bound.
 * A committed or cached certificate for the point is used when it verifies; otherwise CSDP solves it
 * (its size and estimated time printed first, Ctrl-C stops it leaving nothing half-written) and the
 * fresh certificate is verified the same way and cached (`--cache-dir`, FWA_PEP_CACHE_DIR). The bound is
 * evaluated in the theorem's own convention (Shamir–Zhang horizon T + 1 for T engine steps).
 *
 * `--catalog <file>`: a theorem of a user's catalog whose check is a `worstCaseCheck` (its own problem,
 * class and measure); `--write-certificates` solves every committed point of such theorems into the
 * catalog's certificate directory.
 */
function averagerJson(v: string): AveragerSpec {
  try {
    const a = JSON.parse(v) as unknown;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new Error('not an object');
    return a as AveragerSpec;
  } catch {
    throw new InvalidArgumentError(`expected a JSON averager spec such as '{"kind":"ema","gamma":0.1}', got ${v}`);
  }
}

function pointJson(v: string): Record<string, number> {
  let p: unknown;
  try {
    p = JSON.parse(v);
  } catch {
    p = undefined;
  }
  if (
    typeof p !== 'object' ||
    p === null ||
    Array.isArray(p) ||
    !Object.values(p).every((x) => typeof x === 'number' && Number.isFinite(x))
  )
    throw new InvalidArgumentError(`expected a JSON object of numbers such as '{"T":8,"mu":1}', got ${v}`);
  return p as Record<string, number>;
}

interface PepOptions {
  theorem?: string;
  T?: number;
  k?: number;
  c?: number;
  averager?: AveragerSpec;
  json?: boolean;
  catalog?: string;
  at?: Record<string, number>;
  writeCertificates?: boolean;
  cacheDir?: string;
}

function usage(option: string, message: string): never {
  process.stderr.write(`error: option '${option}': ${message}\n`);
  process.exit(2);
}

/**
 * Runs a solve, turning a missing solver (exit 2: install it) and a solve whose certificate does not
 * verify (exit 1) into one message instead of a stack trace.
 */
async function solverFailure(run: () => Promise<number>): Promise<number> {
  const [{ CsdpMissingError }, { CertificateError }] = await Promise.all([
    import('../pep/csdp'),
    import('../pep/certificate'),
  ]);
  try {
    return await run();
  } catch (err) {
    if (err instanceof CsdpMissingError) {
      process.stderr.write(`fwa-theorems pep: ${err.message}\n`);
      return 2;
    }
    if (err instanceof CertificateError) {
      process.stderr.write(`fwa-theorems pep: the solve did not give a certificate that verifies: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

export function registerPep(program: Command): void {
  program
    .command('pep')
    .description(
      'exact worst case (performance estimation, CSDP) of a convergence theorem at one point, with certificates',
    )
    .option('--theorem <id>', 'a convergence theorem with a schedule on the PEP grid (or of --catalog)')
    .option('--T <n>', 'engine steps (a registry theorem is evaluated at the horizon T + 1)', integerArgument(1))
    .option('--k <n>', 'FWA window, 1 ≤ k ≤ T (default 1)', integerArgument(1))
    .option('--c <x>', 'step scale c (registry theorems)', positiveNumberArgument)
    .option('--averager <json>', 'another averager than FWA(k), e.g. \'{"kind":"swa","start":3}\'', averagerJson)
    .option('--catalog <file>', 'a catalog module whose theorem has a worstCaseCheck (docs/your-own-theorem.md)')
    .option(
      '--at <json>',
      'with --catalog: the point as JSON, e.g. \'{"T":8,"mu":0.5,"G":2}\' (--T and --k override)',
      pointJson,
    )
    .option(
      '--write-certificates',
      "with --catalog: solve every committed point into the catalog's certificate directory",
    )
    .option(
      '--cache-dir <dir>',
      'where solved certificates are cached (default: FWA_PEP_CACHE_DIR, XDG_CACHE_HOME, .cache)',
    )
    .option('--json', 'print one JSON object (bound, lower, upper, …)')
    .action(async (o: PepOptions) => {
      // A solve in progress is stopped by SIGINT or SIGTERM: the exit hook of the solver bridge kills
      // CSDP and removes its scratch directory; certificates are only ever written whole (temp file + rename).
      const stop = stopOnSignal(() => {
        process.stderr.write('\npep: interrupted; nothing was written for the unfinished solve\n');
        process.exit(INTERRUPTED_EXIT);
      });
      try {
        await pepAction(o);
      } finally {
        stop.dispose();
      }
    });
}

/** The command's work, inside the signal handling of its action. */
async function pepAction(o: PepOptions): Promise<void> {
  const lookup = {
    ...(o.cacheDir !== undefined ? { cacheDir: o.cacheDir } : {}),
    onProgress: (line: string) => process.stderr.write(`pep: ${line}\n`),
  };
  if (o.catalog !== undefined) {
    const { pepCatalog } = await import('./pep-catalog');
    process.exitCode = await solverFailure(() => pepCatalog(o.catalog!, o, lookup));
    return;
  }
  if (o.theorem === undefined) usage('--theorem <id>', 'required (or --catalog <file>)');
  if (o.T === undefined) usage('--T <n>', 'required');
  if (o.c === undefined) usage('--c <x>', 'required for a registry theorem');
  const { JUDGED_THEOREMS } = await import('../pep-judge/judge');
  if (!JUDGED_THEOREMS.includes(o.theorem))
    usage('--theorem <id>', `${JSON.stringify(o.theorem)} is not one of ${JUDGED_THEOREMS.join(', ')}`);
  const k = o.k ?? 1;
  if (k > o.T) usage('--k <n>', `k = ${k} exceeds T = ${o.T} (the window is at most the T iterates w_1..w_T)`);
  const { averagerWeights } = await import('../engine/averaging');
  const averager: AveragerSpec = o.averager ?? { kind: 'fwa', k };
  try {
    averagerWeights(averager, o.T);
  } catch (err) {
    usage('--averager <json>', (err as Error).message);
  }
  const { pepPoint } = await import('../pep-judge/point');
  const theorem = o.theorem;
  const at = { T: o.T, c: o.c, averager };
  let r: Awaited<ReturnType<typeof pepPoint>> | undefined;
  process.exitCode = await solverFailure(async () => {
    r = await pepPoint(theorem, at, lookup);
    return 0;
  });
  if (r === undefined) return;
  if (o.json) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const f = (x: number | null): string => (x === null ? '—' : x.toPrecision(10));
  const lines = [
    `${o.theorem}: T = ${o.T} engine steps, ${r.averagerName}, c = ${o.c}, D = G = 1`,
    `  bound          ${r.bound === null ? `— (${r.boundNote})` : `${f(r.bound)} (at the theorem's horizon T + 1 = ${o.T + 1})`}`,
    `  worst case     lower ${f(r.lower)}   upper ${f(r.upper)}   (${r.source}; CSDP: ${r.solverStatus})`,
    `  worst / bound  ${f(r.ratioLower)} … ${f(r.ratioUpper)}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

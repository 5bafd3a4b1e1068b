import { InvalidArgumentError, type Command } from 'commander';
import type { AveragerSpec } from '../engine/averaging';
import { INTERRUPTED_EXIT, stopOnSignal } from './interrupt';

/**
 * `fwa-theorems pep --theorem <id> --T <n> --k <n> --c <x> [--averager '<json>'] [--json]`: the exact
 * worst case of the deterministic projected subgradient method (D = G = 1) beside the theorem's bound.
 * A committed certificate for the point is used when it verifies; otherwise CSDP solves it and the
 * fresh certificate is verified the same way. The bound is evaluated in the theorem's own convention
 * (Shamir–Zhang horizon T + 1 for T engine steps).
 */
function positiveInt(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected an integer ≥ 1, got ${JSON.stringify(v)}`);
  return n;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a finite number > 0, got ${JSON.stringify(v)}`);
  return n;
}

function averagerJson(v: string): AveragerSpec {
  try {
    const a = JSON.parse(v) as unknown;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new Error('not an object');
    return a as AveragerSpec;
  } catch {
    throw new InvalidArgumentError(`expected a JSON averager spec such as '{"kind":"ema","gamma":0.1}', got ${v}`);
  }
}

interface PepOptions {
  theorem: string;
  T: number;
  k?: number;
  c: number;
  averager?: AveragerSpec;
  json?: boolean;
}

function usage(option: string, message: string): never {
  process.stderr.write(`error: option '${option}': ${message}\n`);
  process.exit(2);
}

export function registerPep(program: Command): void {
  program
    .command('pep')
    .description(
      'exact worst case (performance estimation, CSDP) of a convergence theorem at one point, with certificates',
    )
    .requiredOption('--theorem <id>', 'a convergence theorem with a schedule on the PEP grid')
    .requiredOption('--T <n>', 'engine steps (the theorem is evaluated at the horizon T + 1)', positiveInt)
    .option('--k <n>', 'FWA window, 1 ≤ k ≤ T (default 1)', positiveInt)
    .requiredOption('--c <x>', 'step scale c', positiveNumber)
    .option('--averager <json>', 'another averager than FWA(k), e.g. \'{"kind":"swa","start":3}\'', averagerJson)
    .option('--json', 'print one JSON object (bound, lower, upper, …)')
    .action(async (o: PepOptions) => {
      const { JUDGED_THEOREMS } = await import('../pep/judge');
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
      const { pepPoint } = await import('../pep/point');
      // A signal exits at once; the exit hook of src/pep/csdp.ts kills the running solver and removes its scratch files.
      const stop = stopOnSignal(() => process.exit(INTERRUPTED_EXIT));
      const r = await pepPoint(o.theorem, { T: o.T, c: o.c, averager }).finally(stop.dispose);
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
    });
}

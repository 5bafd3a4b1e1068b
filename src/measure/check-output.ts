import { MalformedOutcomeError, MalformedTrialError } from '../errors';
import type { Trial, TrialOutcome } from '../theory/check';

/**
 * The shape of what a check hands the harness: a trial its arbitrary drew, an outcome its run
 * returned. A user's check is JavaScript like any other and can produce `instance: null` or a NaN
 * bound; the harness refuses those with an error naming the field and the fix (an error of the check,
 * counted apart from violations), instead of letting a TypeError or a NaN comparison decide a verdict.
 */

const TRIAL_FIX = 'a trial is {theorem, instance: {generator, params, seed}, params, seed, replicates}';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Throws MalformedTrialError naming the first field of `trial` that is not what a trial holds. */
export function assertTrialShape(theorem: string, trial: unknown): asserts trial is Trial {
  const bad = (field: string, value: unknown, fix: string): never => {
    throw new MalformedTrialError(theorem, field, value, fix);
  };
  if (!isRecord(trial)) bad('', trial, `return an object from the check's trials arbitrary: ${TRIAL_FIX}`);
  const t = trial as Record<string, unknown>;
  if (typeof t.theorem !== 'string') bad('theorem', t.theorem, 'set it to the theorem id (theorem.id)');
  const inst = t.instance;
  if (!isRecord(inst))
    bad(
      'instance',
      inst,
      "an instance spec {generator, params, seed}: draw it with an instance arbitrary of fwa-theorems (e.g. convexRunArb(...).spec) or write one, e.g. { generator: 'linear', params: { d: 2, n: 4, R: 1, L: 1 }, seed: 1 }",
    );
  const spec = inst as Record<string, unknown>;
  if (typeof spec.generator !== 'string')
    bad(
      'instance.generator',
      spec.generator,
      'the name of a generator (`fwa-theorems list` names the classes; docs/objectives.md the generators)',
    );
  if (!isRecord(spec.params))
    bad('instance.params', spec.params, "an object of the generator's parameters, {} for its defaults");
  if (!Number.isInteger(spec.seed)) bad('instance.seed', spec.seed, 'an integer seed of the data');
  if (!isRecord(t.params)) bad('params', t.params, 'an object of the theorem parameters, e.g. { T: 100 }');
  for (const [name, v] of Object.entries(t.params as Record<string, unknown>))
    if (typeof v !== 'number' || Number.isNaN(v)) bad(`params.${name}`, v, 'a number');
  if (!Number.isInteger(t.seed)) bad('seed', t.seed, 'an integer seed of the run (seedArb draws one)');
  if (!Number.isInteger(t.replicates) || (t.replicates as number) < 1)
    bad('replicates', t.replicates, 'an integer ≥ 1 (1 for a pathwise claim)');
}

const VERDICTS: readonly string[] = ['violated', 'attained', 'holds', 'undecided'];

/** Throws MalformedOutcomeError naming the first field of `outcome` no verdict can rest on. */
export function assertOutcomeShape(theorem: string, outcome: unknown): asserts outcome is TrialOutcome {
  if (!isRecord(outcome)) throw new MalformedOutcomeError(theorem, '(the whole outcome)', outcome);
  for (const field of ['measured', 'bound'] as const) {
    const v = outcome[field];
    // ±Infinity is a value (an infinite bound holds trivially); NaN or a non-number is not.
    if (typeof v !== 'number' || Number.isNaN(v)) throw new MalformedOutcomeError(theorem, field, v);
  }
  if (typeof outcome.verdict !== 'string' || !VERDICTS.includes(outcome.verdict))
    throw new MalformedOutcomeError(theorem, 'verdict', outcome.verdict);
}

import { HypothesisError, InvalidParameterError } from '../errors';
import { getTheorem } from '../catalog/registry';
import type { Scope } from '../theory/scope';

/** A registry bound evaluated for an experiment, or why it is unavailable (never a silent NaN). */
export interface BoundValue {
  id: string;
  value: number | null;
  /** Set when value is null: unregistered id, violated hypothesis, … */
  unavailable?: string;
  status?: string;
}

/**
 * getTheorem(id).evaluate(scope), with the engine's T converted to the theorem's convention (a
 * Shamir–Zhang bound is evaluated at T + 1 for an engine run of T updates). An id not registered
 * yet, or a hypothesis the experiment does not meet, gives `value: null` and the reason, so the
 * report can show the measurement beside "bound unavailable".
 */
export function registryBound(id: string, scope: Scope): BoundValue {
  try {
    const th = getTheorem(id);
    return { id, value: th.evaluate(th.forEngineRun(scope)), status: th.status };
  } catch (e) {
    if (e instanceof InvalidParameterError || e instanceof HypothesisError)
      return { id, value: null, unavailable: e.message };
    throw e;
  }
}

import { InvalidParameterError } from '../errors';
import { convergenceChecks } from './convergence';
import { stabilityChecks } from './stability';
import type { TheoremCheck } from './trial';

/** The measurement of every theorem that has one, keyed by theorem id. */
export const checks: readonly TheoremCheck[] = [...convergenceChecks, ...stabilityChecks];

const byId = new Map(checks.map((c) => [c.theorem, c]));

export function getCheck(id: string): TheoremCheck {
  const c = byId.get(id);
  if (!c) throw new InvalidParameterError('theorem id', id, `a theorem with a check: ${[...byId.keys()].join(', ')}`);
  return c;
}

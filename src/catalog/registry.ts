import { InvalidParameterError } from '../errors';
import { convergenceTheorems } from './convergence';
import { stabilityTheorems } from './stability';
import type { Theorem } from '../theory/theorem';

/** Every theorem of the suite, in one place: the single source of truth for every constant. */
export const registry: readonly Theorem[] = [...convergenceTheorems, ...stabilityTheorems];

const byId = new Map(registry.map((t) => [t.id, t]));
if (byId.size !== registry.length) throw new Error('duplicate theorem id in the registry');

export function getTheorem(id: string): Theorem {
  const t = byId.get(id);
  if (!t) throw new InvalidParameterError('theorem id', id, `one of: ${[...byId.keys()].join(', ')}`);
  return t;
}

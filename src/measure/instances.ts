import { buildInstance, type Instance, type InstanceSpec } from '../objectives/index';

/**
 * Built instances, memoised: builds are deterministic, and the arbitraries, configure() and the runs
 * rebuild the same few specs, so the most recent few are kept.
 */
const built = new Map<string, Instance>();
export function instanceOf(spec: InstanceSpec): Instance {
  const key = JSON.stringify(spec);
  let inst = built.get(key);
  if (!inst) {
    inst = buildInstance(spec);
    if (built.size >= 32) built.delete(built.keys().next().value as string);
    built.set(key, inst);
  }
  return inst;
}

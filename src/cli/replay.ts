import { encodeJson } from '../audit/codec';
import type { Trial } from '../measure/trial';

/**
 * The shell command that runs exactly one trial (an audit cell, a check's trial, a guard sample), with
 * the cell limits: `fwa-theorems audit --trial`. `catalog` is omitted for the registry.
 */
export function trialReplayCommand(catalog: string | undefined, trial: Trial): string {
  const json = encodeJson(trial).replaceAll("'", "'\\''");
  return `npx fwa-theorems audit${catalog ? ` --catalog ${catalog}` : ''} --trial '${json}'`;
}

import { InvalidParameterError } from './errors';

/**
 * Profiles: `ci` (default for npm test: fixed seed, fast), `explore` (a new random seed each run),
 * `audit` (large sweeps). Chosen by FWA_PROFILE; FWA_SEED overrides the seed. The seed is always printed.
 */
export type ProfileName = 'ci' | 'explore' | 'audit';

export interface Profile {
  name: ProfileName;
  seed: number;
  /** Scale for the number of property runs (fast-check numRuns multiplier). */
  runsScale: number;
}

export const CI_SEED = 20241120;

export function currentProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const name = (env.FWA_PROFILE ?? 'ci') as ProfileName;
  if (name !== 'ci' && name !== 'explore' && name !== 'audit') {
    throw new InvalidParameterError('FWA_PROFILE', env.FWA_PROFILE, "'ci' | 'explore' | 'audit'");
  }
  let seed = name === 'explore' ? exploreSeed() : CI_SEED;
  if (env.FWA_SEED !== undefined && env.FWA_SEED !== '') {
    const s = Number(env.FWA_SEED);
    if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
      throw new InvalidParameterError('FWA_SEED', env.FWA_SEED, 'an integer in [0, 2^32)');
    }
    seed = s;
  }
  return { name, seed, runsScale: name === 'ci' ? 1 : name === 'explore' ? 4 : 10 };
}

/** The explore seed is drawn once per process, so every property of a run uses (and prints) the same one. */
let drawnExploreSeed: number | undefined;
function exploreSeed(): number {
  drawnExploreSeed ??= (Date.now() ^ (process.hrtime()[1] << 8)) >>> 0;
  return drawnExploreSeed;
}

/** fast-check parameters of a property: the profile's seed, runs scaled by the profile, FWA_PATH to replay. */
export function fastCheckParams(
  runs: number,
  profile: Profile = currentProfile(),
): { seed: number; numRuns: number; path?: string } {
  const path = process.env.FWA_PATH;
  return { seed: profile.seed, numRuns: scaledRuns(runs, profile), ...(path ? { path } : {}) };
}

/** The number of property runs in this profile for `runs` in ci (at least one). */
export function scaledRuns(runs: number, profile: Profile = currentProfile()): number {
  return Math.max(1, Math.round(runs * profile.runsScale));
}

import type { Trial } from '../theory/check';
import { encodeJson } from './codec';

/** POSIX single-quoting: the one quoting that needs no further escaping inside. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that re-runs exactly one trial (plain JSON, so it survives any change to the plan). */
export function trialReplayCommand(trial: Trial, catalog?: string): string {
  return [
    'npx fwa-theorems audit',
    ...(catalog ? ['--catalog', shellQuote(catalog)] : []),
    '--trial',
    shellQuote(encodeJson(trial)),
  ].join(' ');
}

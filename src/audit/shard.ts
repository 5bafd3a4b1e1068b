import { InvalidParameterError } from '../errors';
import type { Cell } from './cell';

/** Shard i of N (1-based), as vitest's --shard: round-robin over the plan, so shards are balanced. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1) || index > count || !Number.isSafeInteger(count)) {
    throw new InvalidParameterError('--shard', spec, '"i/N" with integers 1 ≤ i ≤ N, e.g. 1/2');
  }
  return { index, count };
}

export function inShard(cell: Cell, shard: Shard | undefined): boolean {
  return !shard || cell.index % shard.count === shard.index - 1;
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

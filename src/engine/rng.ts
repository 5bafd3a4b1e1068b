import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { requireInteger } from '../validate';

/**
 * A seeded, splittable random stream on pure-rand's xoroshiro128+ (never Math.random).
 * `split()` hands out a child positioned 2^64 draws away, so children never overlap.
 */
export class RandomStream {
  private constructor(private readonly gen: JumpableRandomGenerator) {}

  static fromSeed(seed: number): RandomStream {
    requireInteger('seed', seed, -0x80000000, 0xffffffff);
    return new RandomStream(xoroshiro128plus(seed | 0));
  }

  /** Uniform integer in [0, n). */
  index(n: number): number {
    return uniformInt(this.gen, 0, n - 1);
  }

  /** Uniform integer in [from, to] (both included). */
  int(from: number, to: number): number {
    return uniformInt(this.gen, from, to);
  }

  /** Uniform in [0, 1), 53 random bits. */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * uniformFloat64(this.gen);
  }

  /** Standard normal (Box–Muller, one value per call: simple and reproducible). */
  normal(): number {
    let u = 0;
    while (u === 0) u = uniformFloat64(this.gen);
    const v = uniformFloat64(this.gen);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Bernoulli(p) as 0/1. */
  bernoulli(p: number): number {
    return uniformFloat64(this.gen) < p ? 1 : 0;
  }

  /** An independent child stream; this stream moves on by one jump. */
  split(): RandomStream {
    const child = this.gen.clone();
    this.gen.jump();
    return new RandomStream(child);
  }

  clone(): RandomStream {
    return new RandomStream(this.gen.clone());
  }
}

/**
 * Deterministic 32-bit seed derived from a base seed and labels (e.g. replicate number, cell id),
 * so a cell of a sweep can be replayed alone. Mixing is murmur3's finaliser.
 */
export function deriveSeed(base: number, ...labels: number[]): number {
  let h = (base ^ 0x9e3779b9) >>> 0;
  for (const l of labels) {
    h = Math.imul(h ^ (l >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Stable 32-bit hash of a string (FNV-1a), to turn theorem ids into seed labels. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

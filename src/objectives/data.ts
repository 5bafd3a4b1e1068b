import type { RandomStream } from '../engine/rng';

/** Seeded samplers for generator data. Each writes into `out` at `offset` (d consecutive entries). */

/** A uniformly random point of the sphere of radius r (Gaussian direction, normalised). */
export function onSphere(rng: RandomStream, d: number, r: number, out: Float64Array, offset = 0): void {
  let n2 = 0;
  while (n2 === 0) {
    n2 = 0;
    for (let j = 0; j < d; j++) {
      const g = rng.normal();
      out[offset + j] = g;
      n2 += g * g;
    }
  }
  const s = r / Math.sqrt(n2);
  for (let j = 0; j < d; j++) out[offset + j] *= s;
}

/** A uniformly random point of the ball of radius r: direction uniform, radius r·U^(1/d). */
export function inBall(rng: RandomStream, d: number, r: number, out: Float64Array, offset = 0): void {
  const rho = r * Math.pow(rng.float(), 1 / d);
  onSphere(rng, d, rho, out, offset);
}

/** A uniformly random orthonormal basis of R^d (Gram–Schmidt of Gaussian vectors), rows of a d×d array. */
export function orthonormalBasis(rng: RandomStream, d: number): Float64Array {
  const V = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (;;) {
      for (let j = 0; j < d; j++) V[r * d + j] = rng.normal();
      // Twice-repeated Gram–Schmidt: orthogonal to rounding even when a draw is nearly dependent.
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < r; q++) {
          let p = 0;
          for (let j = 0; j < d; j++) p += V[r * d + j] * V[q * d + j];
          for (let j = 0; j < d; j++) V[r * d + j] -= p * V[q * d + j];
        }
      }
      let n2 = 0;
      for (let j = 0; j < d; j++) n2 += V[r * d + j] * V[r * d + j];
      if (n2 > 1e-6) {
        const s = 1 / Math.sqrt(n2);
        for (let j = 0; j < d; j++) V[r * d + j] *= s;
        break;
      }
    }
  }
  return V;
}

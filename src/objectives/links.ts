/**
 * Scalar losses φ(u, y) of a generalised linear model f(w; x, y) = φ(⟨w, x⟩, y), with certified
 * bounds: if |u| ≤ U and |y| ≤ Y then |∂φ/∂u| ≤ d1, |∂²φ/∂u²| ≤ d2 (Infinity: not C^{1,1}) and
 * φ ∈ range. Classification links see y ∈ {−1, +1} through the margin m = y·u; regression links see
 * the residual r = u − y. Every method is branch-light scalar code: it runs inside every SGD step.
 */
export interface LinkBounds {
  d1: number;
  d2: number;
  range: [number, number];
}

export interface Link {
  name: string;
  convex: boolean;
  value(u: number, y: number): number;
  /** ∂φ/∂u (a subgradient where φ has a kink). */
  deriv(u: number, y: number): number;
  bounds(U: number, Y: number): LinkBounds;
  /** For a non-smooth convex φ: a convex minorant φ_ε with φ − ε/2 ≤ φ_ε ≤ φ and φ_ε'' ≤ 1/ε. */
  minorant?(eps: number): Link;
}

/** log(1 + e^t) without overflow or cancellation. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** 1/(1 + e^{−t}) */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** Huber function with threshold δ: r²/2 on |r| ≤ δ, δ(|r| − δ/2) beyond. */
export function huber(r: number, delta: number): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

function clamp(r: number, delta: number): number {
  return r > delta ? delta : r < -delta ? -delta : r;
}

/** max σ'' = 1/(6√3), attained at t = ln(2 ± √3). */
export const SIGMOID_D2 = 1 / (6 * Math.sqrt(3));

export const logisticLink: Link = {
  name: 'logistic',
  convex: true,
  value: (u, y) => softplus(-y * u),
  deriv: (u, y) => -y * sigmoid(-y * u),
  bounds: (U) => ({ d1: 1, d2: 0.25, range: [softplus(-U), softplus(U)] }),
};

/** σ(−y·u) ∈ [0, 1]: non-convex, |σ'| ≤ 1/4, |σ''| ≤ 1/(6√3). */
export const sigmoidLink: Link = {
  name: 'sigmoid',
  convex: false,
  value: (u, y) => sigmoid(-y * u),
  deriv: (u, y) => {
    const s = sigmoid(-y * u);
    return -y * s * (1 - s);
  },
  bounds: (U) => ({ d1: 0.25, d2: SIGMOID_D2, range: [sigmoid(-U), sigmoid(U)] }),
};

export const squaredLink: Link = {
  name: 'squared',
  convex: true,
  value: (u, y) => 0.5 * (u - y) * (u - y),
  deriv: (u, y) => u - y,
  bounds: (U, Y) => ({ d1: U + Y, d2: 1, range: [0, 0.5 * (U + Y) * (U + Y)] }),
};

export function huberLink(delta: number): Link {
  return {
    name: `huber(${delta})`,
    convex: true,
    value: (u, y) => huber(u - y, delta),
    deriv: (u, y) => clamp(u - y, delta),
    bounds: (U, Y) => ({ d1: Math.min(delta, U + Y), d2: 1, range: [0, huber(U + Y, delta)] }),
  };
}

/** max(0, 1 − t) smoothed: 0, t'²/(2ε), t' − ε/2 for t' = 1 − t ≤ 0, ≤ ε, > ε. */
function smoothHinge(eps: number): Link {
  return {
    name: `smooth-hinge(${eps})`,
    convex: true,
    value: (u, y) => {
      const t = 1 - y * u;
      return t <= 0 ? 0 : t <= eps ? (t * t) / (2 * eps) : t - 0.5 * eps;
    },
    deriv: (u, y) => {
      const t = 1 - y * u;
      return t <= 0 ? 0 : t <= eps ? (-y * t) / eps : -y;
    },
    bounds: (U) => ({ d1: 1, d2: 1 / eps, range: [0, 1 + U] }),
  };
}

export const hingeLink: Link = {
  name: 'hinge',
  convex: true,
  value: (u, y) => {
    const t = 1 - y * u;
    return t > 0 ? t : 0;
  },
  deriv: (u, y) => (y * u < 1 ? -y : 0),
  bounds: (U) => ({ d1: 1, d2: Infinity, range: [0, 1 + U] }),
  minorant: smoothHinge,
};

export const absoluteLink: Link = {
  name: 'absolute',
  convex: true,
  value: (u, y) => Math.abs(u - y),
  deriv: (u, y) => Math.sign(u - y),
  bounds: (U, Y) => ({ d1: 1, d2: Infinity, range: [0, U + Y] }),
  // huber(r, ε)/ε = r²/(2ε) near 0 and |r| − ε/2 beyond: within ε/2 of |r|, below it.
  minorant: (eps) => ({
    name: `smooth-absolute(${eps})`,
    convex: true,
    value: (u, y) => huber(u - y, eps) / eps,
    deriv: (u, y) => clamp(u - y, eps) / eps,
    bounds: (U, Y) => ({ d1: 1, d2: 1 / eps, range: [0, U + Y] }),
  }),
};

/**
 * Cauchy loss log(1 + r²/c²), normalised by its largest value M₀ on the domain (|r| ≤ rMax) so that
 * it lies in [0, 1]: sup |d/dr log(1 + r²/c²)| = 1/c (at r = c), sup |d²/dr²| = 2/c² (at r = 0).
 */
export function cauchyLink(c: number, rMax: number): Link {
  const c2 = c * c;
  const M0 = Math.log1p((rMax * rMax) / c2);
  const inv = 1 / M0;
  return {
    name: `cauchy(${c})`,
    convex: false,
    value: (u, y) => {
      const r = u - y;
      return Math.log1p((r * r) / c2) * inv;
    },
    deriv: (u, y) => {
      const r = u - y;
      return ((2 * r) / (c2 + r * r)) * inv;
    },
    bounds: () => ({ d1: inv / c, d2: (2 * inv) / c2, range: [0, 1] }),
  };
}

/**
 * Tukey's biweight normalised to [0, 1]: 1 − (1 − r²/c²)³ on |r| ≤ c, 1 beyond (C², so β-smooth).
 * With x = r/c: φ' = (6/c)x(1−x²)², maximal at x = 1/√5 → 96/(25√5 c); φ'' = (6/c²)(1−s)(1−5s),
 * s = x², ranging over [−0.8, 1]·6/c².
 */
export function tukeyLink(c: number): Link {
  const c2 = c * c;
  return {
    name: `tukey(${c})`,
    convex: false,
    value: (u, y) => {
      const r = u - y;
      const s = (r * r) / c2;
      if (s >= 1) return 1;
      const q = 1 - s;
      return 1 - q * q * q;
    },
    deriv: (u, y) => {
      const r = u - y;
      const s = (r * r) / c2;
      if (s >= 1) return 0;
      const q = 1 - s;
      return ((6 * r) / c2) * q * q;
    },
    bounds: () => ({ d1: 96 / (25 * Math.sqrt(5) * c), d2: 6 / c2, range: [0, 1] }),
  };
}

/**
 * A closed convex domain W other than a ball, given by its Euclidean projection (the engine's
 * `radius` covers balls without one). The worst-case instances rebuilt from performance-estimation
 * certificates live on the convex hull of their iterates (src/objectives/worst-case/).
 */
export interface ConvexDomain {
  /** Overwrites w with Π_W(w). */
  project(w: Float64Array): void;
  /** What W is, for messages and reports (e.g. "conv of 42 points in R^84"). */
  readonly label: string;
}

/**
 * THE index convention, pinned once (docs/theory/setting.md#index-convention):
 *   w_0 is the initial point; step t = 1..T draws i_t uniformly with replacement and sets
 *   w_t = Π_W(w_{t−1} − α_t g_t), g_t a (sub)gradient of f(·; z_{i_t}) at w_{t−1}.
 *   FWA with window k after T steps is the mean of w_{T−k+1}, …, w_T.
 *
 * Shamir–Zhang (and the convergence literature) start at w_1 and call the iterate after T−1 updates w_T.
 * The engine's iterate after T updates is therefore theirs at horizon T + 1.
 */
export const ENGINE_CONVENTION = 'engine' as const;
export const SHAMIR_ZHANG_CONVENTION = 'sz' as const;
export type Convention = typeof ENGINE_CONVENTION | typeof SHAMIR_ZHANG_CONVENTION;

/** The horizon at which a Shamir–Zhang-convention bound is evaluated for an engine run of T updates. */
export function szHorizonForEngineSteps(T: number): number {
  return T + 1;
}

/** Numeric parameters of a theorem instance (T, k, c, L, n, …): the bound's scope. */
export type Scope = Record<string, number>;

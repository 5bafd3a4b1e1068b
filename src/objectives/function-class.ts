/** The function classes the generators produce (src/objectives/). */
export const FUNCTION_CLASSES = [
  'convex-smooth',
  'convex-nonsmooth',
  'strongly-convex',
  'nonconvex-smooth-bounded',
  'linear',
] as const;
export type FunctionClass = (typeof FUNCTION_CLASSES)[number];

/** Every convex class the generators produce (the convergence theorems quantify over all of them). */
export const CONVEX_CLASSES: readonly FunctionClass[] = [
  'convex-smooth',
  'convex-nonsmooth',
  'strongly-convex',
  'linear',
];

/** The files the explorer's worker reads, embedded by src/explore/build.ts (path under /fwa/ → text). */
declare module 'explore:files' {
  export const files: Record<string, string>;
}

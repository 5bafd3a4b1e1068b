/** Exit code of a command stopped by SIGINT/SIGTERM (128 + SIGINT, the shell's convention). */
export const INTERRUPTED_EXIT = 130;

/**
 * SIGINT and SIGTERM as an AbortSignal. The first signal aborts: the command stops its workers (a
 * looping check included, they are threads it terminates), writes what is finished atomically and
 * exits INTERRUPTED_EXIT, well within 5 s. A second signal exits at once, for the case where the
 * command itself is stuck in a write; nothing is half-written then either, since every file the
 * suite writes is replaced atomically or gains whole lines only.
 */
export function stopOnSignal(onFirst: (sig: NodeJS.Signals) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT);
    onFirst(sig);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

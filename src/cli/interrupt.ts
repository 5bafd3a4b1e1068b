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

/**
 * Removes every SIGINT/SIGTERM listener, so that either signal ends the process at once by its default
 * action (exit 130/143 under a shell or npm). For a command that computes synchronously and holds
 * nothing a signal must finish (its files are replaced atomically or gain whole lines only): a
 * listener cannot run before the computation returns, and loading the CLI installs one for every
 * command (proper-lockfile's exit hook, signal-exit), which would hold a SIGTERM unseen until the end
 * of the run. A lock left by a process killed this way is judged stale by its pid (src/io/lock.ts).
 */
export function restoreDefaultSignals(): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(sig);
}

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { RunLockedError } from '../errors';
import { writeFileAtomic } from './atomic';

/**
 * One writer per run directory (and per ledger file). The lock is proper-lockfile's: an atomic
 * mkdir of `<name>.lock`, whose mtime the holder refreshes every few seconds, so a lock whose holder
 * stopped refreshing (crashed, killed, machine gone) is stale and taken over. Next to it,
 * `<name>.lock.holder.json` says who holds it (pid, host, start time, command) so a refused run can
 * name the holder, and so a lock left on this host by a process that no longer exists is taken over
 * at once rather than after the staleness delay. Readers (`merge`, the report) take no lock.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  started: string;
  command: string;
}

export interface HeldLock {
  /** Set when the lock was lost while held (its directory removed or taken over): stop writing. */
  readonly lost: () => Error | undefined;
  release(): void;
}

/** mtime age after which a lock of a process on another host is stale (proper-lockfile's rule). */
export const STALE_MS = 30_000;

export function lockPaths(target: string, name: string): { lock: string; holder: string } {
  return { lock: `${target}/${name}.lock`, holder: `${target}/${name}.lock.holder.json` };
}

export function describeHolder(h: LockHolder | undefined): string {
  return h
    ? `pid ${h.pid} on ${h.host}, started ${h.started} (${h.command})`
    : 'another process (holder not recorded yet)';
}

export function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Locks this process holds (a holder file naming our own pid is otherwise a dead process's, pid reused). */
const heldHere = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock `<dir>/<name>.lock` or throws RunLockedError naming the holder. `dir` must exist.
 */
export function acquireLock(dir: string, name: string, command: string): HeldLock {
  const paths = lockPaths(dir, name);
  const previous = readHolder(paths.holder);
  if (existsSync(paths.lock) && previous && previous.host === hostname()) {
    // On this host liveness is known exactly: a live holder keeps the lock however long its event
    // loop is busy; the lock of a process that is gone is removed now.
    const alive = previous.pid === process.pid ? heldHere.has(paths.lock) : processAlive(previous.pid);
    if (alive) throw new RunLockedError(dir, describeHolder(previous));
    rmSync(paths.lock, { recursive: true, force: true });
  }
  let lostError: Error | undefined;
  let release: () => void;
  try {
    // The first argument only names the lock (realpath off): one name per lock, even two in one directory.
    release = lockfile.lockSync(`${dir}/${name}`, {
      lockfilePath: paths.lock,
      stale: STALE_MS,
      realpath: false,
      onCompromised: (e) => {
        lostError = e;
      },
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED')
      throw new RunLockedError(dir, describeHolder(readHolder(paths.holder)));
    throw e;
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  writeFileAtomic(paths.holder, JSON.stringify(holder) + '\n');
  heldHere.add(paths.lock);
  let released = false;
  return {
    lost: () => lostError,
    release: () => {
      if (released) return;
      released = true;
      heldHere.delete(paths.lock);
      rmSync(paths.holder, { force: true });
      try {
        release();
      } catch {
        // Already compromised: nothing of ours left to remove.
      }
    },
  };
}

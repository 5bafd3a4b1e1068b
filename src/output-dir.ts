import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidParameterError } from './errors';

/**
 * Creates a command's output directory (`--out`) or says why it cannot: bad input (exit 2), never a
 * crash and never a hang. `option` names the flag the user typed.
 */
export function ensureWritableDir(dir: string, option = '--out'): void {
  // An empty path resolves to the current directory: the run would spill into wherever it was started.
  if (dir.trim() === '') throw new InvalidParameterError(option, dir, 'a directory path (it is empty)');
  try {
    makeDirectory(dir);
    const probe = join(dir, '.write-probe');
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InvalidParameterError(
      option,
      dir,
      `a writable directory on an ordinary filesystem (${err.syscall ?? 'write'} ${err.path ?? dir}: ${err.code ?? err.message})`,
    );
  }
}

/**
 * mkdir -p, one non-recursive mkdir per missing level. Not `mkdirSync(dir, { recursive: true })`:
 * Node's recursive mkdir takes ENOENT as "the parent is missing", creates the parent (which exists:
 * EEXIST, fine) and retries, forever at 100 % CPU when the filesystem answers ENOENT for a child of
 * an existing directory, as procfs does for /proc/x. Here every level is tried once, so any
 * filesystem that refuses a directory (procfs, sysfs, read-only mounts) ends in an error.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      // Another process created it meanwhile: fine if it is a directory (the write probe finds out).
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

import { closeSync, fsyncSync, ftruncateSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputWriteError } from '../errors';

/**
 * Writes that never leave a partial file, for every file the suite writes (results, audit.json,
 * reports, the guard ledger, certificates):
 *   writeFileAtomic  replace a whole file: temp file in the same directory, fsync, rename, fsync the
 *                    directory. A reader (or a kill at any instant) sees the old file or the new one.
 *   appendWhole      add a record to an append-only file: on a failed write the file is cut back to
 *                    its previous length, so it only ever gains whole records.
 * A failed write (disk full, quota, read-only file system) throws OutputWriteError naming the file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${tmpCounter++}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(tmp, { force: true });
    throw asOutputError(file, e);
  }
  syncDirectory(dirname(file));
}

let tmpCounter = 0;

/** Appends data (one or more whole records) to file; on failure the file keeps its previous length. */
export function appendWhole(file: string, data: string): void {
  let fd: number | undefined;
  let size = 0;
  try {
    fd = openSync(file, 'a');
    size = fstatSync(fd).size;
    writeAll(fd, data);
    closeSync(fd);
  } catch (e) {
    if (fd !== undefined) {
      // Truncation frees space, so it succeeds on a full disk; the half-written record is gone.
      try {
        ftruncateSync(fd, size);
      } catch {
        // The reader drops a half-written last line anyway (see readResults).
      }
      closeQuietly(fd);
    }
    throw asOutputError(file, e);
  }
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing; the original error is the one to report.
  }
}

/** The rename is durable only once the directory entry is on disk (POSIX); best effort elsewhere. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms and file systems refuse to open or fsync a directory; the rename still happened.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/** A system error from a write becomes OutputWriteError (exit 2 with a message); anything else is a bug. */
export function asOutputError(file: string, e: unknown): unknown {
  if (e instanceof OutputWriteError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? new OutputWriteError(file, code, (e as Error).message) : e;
}

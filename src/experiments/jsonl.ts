import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Non-finite numbers survive JSON as strings ("NaN", "Infinity", "-Infinity"), never as null. */
export function encodeNumber(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Float64Array || v instanceof Int32Array) return Array.from(v);
  return v;
}

/** Appends one JSON object per line as each result finishes (an interrupted run keeps what it did). */
export class JsonlWriter {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
  }
  write(row: Record<string, unknown>): void {
    appendFileSync(this.path, JSON.stringify(row, encodeNumber) + '\n');
  }
}

/**
 * JSON for results that may hold NaN, ±∞ and −0: plain JSON turns them into null or 0, which would
 * make a diverged run look like a missing value. Each such number becomes {"$num": "NaN"} (or
 * "Infinity", "-Infinity", "-0") and is decoded back to the same bits.
 */
const TAG = '$num';
type Special = 'NaN' | 'Infinity' | '-Infinity' | '-0';

function specialOf(v: number): Special | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0 && 1 / v < 0) return '-0';
  return null;
}

const decoded: Record<Special, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function encodeValue(v: unknown): unknown {
  if (typeof v === 'number') {
    const s = specialOf(v);
    return s === null ? v : { [TAG]: s };
  }
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v !== null && typeof v === 'object') {
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, encodeValue);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeValue(x);
    return out;
  }
  return v;
}

/** JSON.stringify that keeps non-finite numbers and −0 (see the module comment). */
export function encodeJson(value: unknown, indent?: number): string {
  return JSON.stringify(encodeValue(value), null, indent);
}

/** Inverse of encodeJson; throws SyntaxError on malformed text. */
export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const s = (v as Record<string, unknown>)[TAG];
      if (keys.length === 1 && typeof s === 'string' && s in decoded) return decoded[s as Special];
    }
    return v;
  });
}

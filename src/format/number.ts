/**
 * THE short number format of every report, caption and log line: `digits` significant digits
 * (trailing zeros dropped), exponent notation outside [1e-3, 1e5), and a visible mark for what is
 * not a number (– missing, NaN, ±∞) so that no table silently prints "undefined".
 */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === undefined || v === null) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}

import { describe, expect, it } from 'vitest';
import { pepPoint } from '../src/pep-judge/point';

/** What `fwa-theorems pep` prints, computed in-process from the committed certificates (no solver). */
describe('fwa-theorems pep', () => {
  it('reference point: bound 1.9560 at horizon 7, certified worst case 0.6502 from the committed certificate', async () => {
    const r = await pepPoint('fwa-convergence', { T: 6, c: 1, averager: { kind: 'fwa', k: 1 } });
    expect(r.source).toMatch(/committed certificate certificates\/pep\/inv-sqrt-t-c1-T6-fwa-k1\.json/);
    expect(r.bound).toBeCloseTo(1.956, 3);
    expect(Math.abs(r.lower - 0.6502)).toBeLessThan(1e-4);
    expect(Math.abs(r.upper - 0.6502)).toBeLessThan(1e-4);
    expect(r.ratioLower).toBeCloseTo(r.lower / 1.955966, 5);
  });

  it('an averager no theorem bounds gets the worst case and no bound', async () => {
    const r = await pepPoint('fwa-convergence-constant-step', { T: 6, c: 1, averager: { kind: 'ema', gamma: 0.1 } });
    expect(r.bound).toBeNull();
    expect(r.boundNote).toMatch(/does not cover EMA/);
    expect(r.upper).toBeGreaterThanOrEqual(r.lower);
  });
});

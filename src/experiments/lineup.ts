import { averagerName } from '../engine/averaging';
import { type AveragerSpec } from '../engine/averagers/averager';
import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';

/** One averaged point the experiments follow: SGD's last iterate, FWA(k), LAWA, SWA or EMA. */
export interface LineupEntry {
  /** Stable key used in JSONL rows and plot legends. */
  key: string;
  family: 'sgd' | 'fwa' | 'lawa' | 'swa' | 'ema';
  spec: AveragerSpec;
  /** The FWA window (1 for SGD), when the entry is an FWA. */
  k?: number;
}

export interface LineupOptions {
  /** FWA windows (each an integer ≥ 1; 1 is SGD itself and is skipped). */
  ks: readonly number[];
  /** Steps per epoch (= n for batch 1): LAWA checkpoints once per epoch, as Kaddour's LAWA does. */
  epoch: number;
  /** LAWA window in checkpoints (default 5). */
  lawaK?: number;
  /** EMA rate γ (default 1e-3, i.e. decay 0.999). */
  emaGamma?: number;
  /** Include LAWA, SWA and EMA (default true). */
  others?: boolean;
}

/** SGD, FWA(k) for every k, then LAWA, SWA (second half, ten snapshots per epoch) and EMA. */
export function lineup(T: number, o: LineupOptions): LineupEntry[] {
  requireInteger('T', T, 1);
  requireInteger('epoch', o.epoch, 1);
  const out: LineupEntry[] = [{ key: 'SGD', family: 'sgd', spec: { kind: 'last' }, k: 1 }];
  for (const k of o.ks) {
    requireInteger('k', k, 1);
    if (k > T) throw new InvalidParameterError('k', k, `an integer in [1, T = ${T}]`);
    if (k === 1) continue;
    out.push({ key: `FWA(k=${k})`, family: 'fwa', spec: { kind: 'fwa', k }, k });
  }
  if (o.others ?? true) {
    const lawa: AveragerSpec = { kind: 'lawa', k: o.lawaK ?? 5, nu: o.epoch, mode: 'sliding' };
    const swa: AveragerSpec = {
      kind: 'swa',
      start: Math.max(1, Math.ceil(T / 2)),
      every: Math.max(1, Math.floor(o.epoch / 10)),
    };
    const ema: AveragerSpec = { kind: 'ema', gamma: o.emaGamma ?? 1e-3 };
    out.push({ key: averagerName(lawa), family: 'lawa', spec: lawa });
    out.push({ key: averagerName(swa), family: 'swa', spec: swa });
    out.push({ key: averagerName(ema), family: 'ema', spec: ema });
  }
  return out;
}

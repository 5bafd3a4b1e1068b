import { relative } from 'node:path';
import type { Trial } from '../theory/check';
import { fmt } from '../format/number';
import { SHRINK_TARGET, summarizeKills, type KillSummary, type MutantResult } from './killMatrix';
import type { GuardReport } from './run';
import { SHAPE_SLOPE_MARGIN } from './shape';

/** Plain-text rendering of a guard report (what `npm run guard` prints). */
const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(0)}%` : 'n/a');

export function describeTrial(t: Trial): string {
  const ip = Object.entries(t.instance.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(4) : v}`)
    .join(' ');
  const pp = Object.entries(t.params)
    .map(([k, v]) => `${k}=${+v.toPrecision(4)}`)
    .join(' ');
  const inst = ip ? `${t.instance.generator}(${ip}; data seed ${t.instance.seed})` : t.instance.generator;
  return `${inst} ${pp} [${t.replicates} replicate${t.replicates === 1 ? '' : 's'}, seed ${t.seed}]`;
}

function mark(m: MutantResult): string {
  if (m.status === 'caught') return m.caughtBy === 'search' ? 'S' : m.caughtBy === 'pep' ? 'P' : 'C';
  if (m.status === 'not-evaluable') return '-';
  if (m.status === 'valid-deterministic') return 'v';
  return m.note?.startsWith('shape') ? '~' : '.';
}

function summaryLine(label: string, s: KillSummary): string {
  const shape = s.shapeTrends
    ? `; ${s.shapeTrends} more survivor${s.shapeTrends === 1 ? ' shows' : 's show'} a shape trend`
    : '';
  const valid = s.validDeterministic ? `; ${s.validDeterministic} valid on the deterministic class` : '';
  return `${label.padEnd(56)} ${String(s.caught).padStart(4)}/${String(s.mutants).padEnd(4)} kill rate ${pct(s.killRate).padStart(4)} (of refutable)   shrinking ≥10%: ${s.shrinkingCaught}/${s.shrinking} caught${shape}${valid}`;
}

export function formatReport(r: GuardReport): string {
  const out: string[] = [];
  out.push('');
  out.push(`KILL MATRIX (profile ${r.profile}, seed ${r.seed}; ${r.seconds.toFixed(0)} s)`);
  out.push(
    '  C caught by the property   S caught by the adversarial search   P caught by a PEP certificate (exact worst case)   . survived   ~ survived, shows a shape trend   - not evaluable   v valid on the deterministic class (≥ every certified worst case; not refutable, outside the kill rate)',
  );
  out.push(
    '  ×[a, b]: range of mutant/bound over the sampled trials (< 1 where the mutant is smaller); best ratio: the best certified measured/mutant found',
  );
  for (const t of r.theorems) {
    const s = summarizeKills(t.mutants);
    out.push('');
    out.push(
      `${t.theorem} [${t.status}, ${t.family}]  ${t.trials} trials, baseline best ratio ${fmt(t.baselineRatio, 3)}${t.baselineViolations ? (t.status === 'paper-reading' ? `, ${t.baselineViolations} trials break the reading` : `, ${t.baselineViolations} VIOLATIONS of the theorem itself`) : ''}`,
    );
    out.push(
      `  ${t.mutants.map(mark).join('')}   ${s.caught}/${s.mutants} caught (${pct(s.killRate)}), shrinking ≥10%: ${s.shrinkingCaught}/${s.shrinking}`,
    );
    for (const m of t.mutants) {
      const effect = Number.isFinite(m.minFactor) ? `×[${fmt(m.minFactor, 3)}, ${fmt(m.maxFactor, 3)}]` : '';
      out.push(
        `   ${mark(m)} ${m.id.padEnd(30)} ${effect.padEnd(20)} best ratio ${fmt(m.bestRatio, 3).padEnd(8)} ${m.description}${m.note ? `  [${m.note}]` : ''}`,
      );
    }
  }
  out.push('');
  out.push('KILL RATES');
  for (const t of r.theorems) out.push(summaryLine(t.theorem, summarizeKills(t.mutants)));
  for (const [fam, s] of Object.entries(r.byFamily)) out.push(summaryLine(`family ${fam}`, s));
  out.push(summaryLine('overall', r.overall));
  const tg = r.convexStabilityTarget;
  if (tg.theorems.length) {
    const met = tg.shrinkingCaught === tg.shrinking;
    out.push(
      `TARGET convex [S]/[D] stability bounds (${tg.theorems.length} theorems, attained by the linear instance): ${tg.shrinkingCaught}/${tg.shrinking} mutants shrinking the bound by ≥ 10 % caught: ${met ? 'met' : 'NOT MET'}`,
    );
  }
  for (const s of r.skipped) out.push(`  (skipped ${s.theorem}: ${s.reason})`);

  const survivors = r.theorems.flatMap((t) =>
    t.mutants.filter((m) => m.status === 'survived' && m.minFactor <= SHRINK_TARGET).map((m) => ({ t, m })),
  );
  out.push('');
  out.push(
    `SURVIVORS THAT SHRINK THE BOUND BY ≥ 10 % (${survivors.length}): the best certified measured/mutant-bound ratio found (1/ratio = how loose the mutant still is there)`,
  );
  for (const t of r.theorems) {
    const mine = survivors.filter((x) => x.t === t).map((x) => x.m);
    if (!mine.length) continue;
    const top = mine.reduce((a, b) => (b.bestRatio > a.bestRatio ? b : a));
    out.push(
      `  ${t.theorem}: ${mine.length} survivor${mine.length === 1 ? '' : 's'}, the closest to failing at ratio ${fmt(top.bestRatio, 3)} (${top.id})${top.bestTrial ? ` on ${describeTrial(top.bestTrial)}` : ''}`,
    );
    out.push(`     ${mine.map((m) => `${m.id} ${fmt(m.bestRatio, 3)}`).join(', ')}`);
  }

  if (r.shape.length) {
    out.push('');
    out.push(
      `SHAPE CHECK: log-log slopes of measured/bound across T (k fixed) and k (T fixed); a mutant shows a trend when its steepest |slope| exceeds the original's by ${SHAPE_SLOPE_MARGIN}`,
    );
    for (const s of r.shape) {
      out.push(
        `  ${s.theorem} on ${s.instance}, ${s.points} points: mean ratio ${fmt(s.original.level, 3)}, original steepest |slope| ${s.original.steepest.toFixed(3)}`,
      );
      for (const se of s.original.series)
        out.push(
          `     along ${se.along} at ${se.along === 'T' ? 'k' : 'T'}=${se.at}: slope ${se.slope.toFixed(3)}  ratios ${se.ratios.map((x) => fmt(x, 3)).join(' ')}`,
        );
      for (const m of s.mutants)
        out.push(
          `    ${m.detected ? 'trend' : 'flat '} ${m.mutant.padEnd(30)} steepest ${m.steepest.toFixed(3)} (${m.trend >= 0 ? '+' : ''}${m.trend.toFixed(3)})  ${m.description}`,
        );
    }
  }

  if (r.readings.length) {
    out.push('');
    out.push("PAPER READINGS ([P]): does the printed form survive the suite's instances?");
    for (const p of r.readings) {
      out.push(
        `  ${p.theorem}: ${p.verdict.toUpperCase()}, best certified ratio ${fmt(p.bestRatio, 3)}${p.trial ? ` on ${describeTrial(p.trial)}` : ''}`,
      );
      if (p.note) out.push(`     ${p.note}`);
    }
  }

  if (r.ledger.length) {
    out.push('');
    out.push(`LEDGER (${relative(process.cwd(), r.ledgerPath)}): best certified measured/bound per theorem`);
    for (const l of r.ledger) {
      const rep = l.replay
        ? `, replays to ${fmt(l.replay.ratio, 3)}${l.replay.reproduced ? '' : ' (DOES NOT REPRODUCE)'}`
        : '';
      out.push(
        `  ${l.entry.theorem.padEnd(52)} ${fmt(l.entry.bestRatio, 3).padEnd(8)} ${l.entry.date}${l.improved ? ' new record' : ''}${rep}`,
      );
    }
  }
  return out.join('\n');
}

import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { escapeHtml } from '../report/html';
import { getTheorem } from '../catalog/registry';
import { verifyCertificate } from '../pep/certificate';
import { pointName, SPLIT_T, type GridPoint, type PepScheduleKind } from '../pep/grid';
import { theoremScope } from './judge';
import { certificatePath, LARGE_CERTIFICATE_DIR, readCertificate } from '../pep/store';

/**
 * `npm run pep:figure`: the figure of docs/pep-fwa-window.md — how the certified worst case of FWA(k)
 * falls with k, against the k-shape of the bounds, from the committed certificates (verified here
 * again). Writes a self-contained SVG, renders it to PNG with Debian's chromium when present
 * (CHROMIUM_PATH), and prints the numbers as Markdown tables.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const T = 10;
const SCHEDULES: readonly { kind: PepScheduleKind; theorem: string; label: string }[] = [
  { kind: 'inv-sqrt-t', theorem: 'fwa-convergence', label: 'α_t = 1/√t' },
  { kind: 'c-over-sqrt-horizon', theorem: 'fwa-convergence-constant-step', label: 'α ≡ 1/√(T+1)' },
];
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

interface Series {
  name: string;
  color: string;
  dash: boolean;
  points: [number, number][];
}

function svgChart(title: string, series: Series[], xMax: number, yMax: number): string {
  const [W, H, L, R, Tp, B] = [560, 360, 56, 16, 36, 48];
  const sx = (x: number): number => L + ((x - 1) / (xMax - 1)) * (W - L - R);
  const sy = (y: number): number => H - B - (y / yMax) * (H - Tp - B);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeHtml(title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" y1="${Tp}" x2="${L}" y2="${H - B}" stroke="black"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">window k (T = ${T} engine steps)</text>`,
    `<text x="14" y="${(Tp + H - B) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(Tp + H - B) / 2})">relative to k = 1</text>`,
  ];
  for (let k = 1; k <= xMax; k++) parts.push(`<text x="${sx(k)}" y="${H - B + 16}" text-anchor="middle">${k}</text>`);
  for (let i = 0; i <= 5; i++) {
    const y = (yMax * i) / 5;
    parts.push(`<line x1="${L - 4}" y1="${sy(y)}" x2="${W - R}" y2="${sy(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${L - 6}" y="${sy(y) + 4}" text-anchor="end">${y.toFixed(1)}</text>`);
  }
  series.forEach((s, i) => {
    const d = s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    for (const [x, y] of s.points) parts.push(`<circle cx="${sx(x)}" cy="${sy(y)}" r="2.5" fill="${s.color}"/>`);
    const ly = Tp + 8 + 16 * i;
    parts.push(
      `<line x1="${W - R - 300}" y1="${ly}" x2="${W - R - 276}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    parts.push(`<text x="${W - R - 270}" y="${ly + 4}">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

async function main(): Promise<void> {
  const rows: string[] = [
    '| schedule | k | worst case | bound | worst / bound | worst(k)/worst(1) | bound(k)/bound(1) |',
    '|---|---|---|---|---|---|---|',
  ];
  const series: Series[] = [];
  for (const [i, s] of SCHEDULES.entries()) {
    const worst: [number, number][] = [];
    const bound: [number, number][] = [];
    for (let k = 1; k <= T; k++) {
      const point: GridPoint = { schedule: s.kind, c: 1, T, averager: { kind: 'fwa', k } };
      const cert = await readCertificate(certificatePath(pointName(point)));
      if (cert === null) throw new Error(`no certificate ${pointName(point)}: run npm run pep`);
      const { lower } = verifyCertificate(cert);
      const scope = theoremScope(s.theorem, point)!;
      worst.push([k, lower]);
      bound.push([k, getTheorem(s.theorem).evaluate(scope)]);
    }
    const w1 = worst[0][1];
    const b1 = bound[0][1];
    for (let k = 1; k <= T; k++)
      rows.push(
        `| ${s.label} | ${k} | ${worst[k - 1][1].toFixed(4)} | ${bound[k - 1][1].toFixed(4)} | ${(worst[k - 1][1] / bound[k - 1][1]).toFixed(3)} | ${(worst[k - 1][1] / w1).toFixed(3)} | ${(bound[k - 1][1] / b1).toFixed(3)} |`,
      );
    series.push({
      name: `worst case, ${s.label}`,
      color: COLORS[i],
      dash: false,
      points: worst.map(([k, v]) => [k, v / w1]),
    });
    series.push({
      name: `${s.theorem} bound`,
      color: COLORS[i],
      dash: true,
      points: bound.map(([k, v]) => [k, v / b1]),
    });
  }
  rows.push('', '| schedule | T | k | worst case | bound | worst / bound |', '|---|---|---|---|---|---|');
  const row = async (s: (typeof SCHEDULES)[number], point: GridPoint, dir?: string): Promise<void> => {
    const cert = await readCertificate(certificatePath(pointName(point), dir));
    if (cert === null) return;
    const { lower } = verifyCertificate(cert);
    const b = getTheorem(s.theorem).evaluate(theoremScope(s.theorem, point)!);
    const k = point.averager.kind === 'fwa' ? point.averager.k : 1;
    rows.push(`| ${s.label} | ${point.T} | ${k} | ${lower.toFixed(4)} | ${b.toFixed(4)} | ${(lower / b).toFixed(3)} |`);
  };
  for (const s of SCHEDULES)
    for (const T of [15, 20, 30, 40])
      for (let k = 1; k <= T; k++) await row(s, { schedule: s.kind, c: 1, T, averager: { kind: 'fwa', k } });
  // The horizons beyond the k-grid (large grid, split solve): the constant step's full average.
  for (const T of SPLIT_T)
    await row(
      SCHEDULES[1],
      { schedule: 'c-over-sqrt-horizon', c: 1, T, averager: { kind: 'fwa', k: T } },
      LARGE_CERTIFICATE_DIR,
    );
  const svg = svgChart('FWA(k): certified worst case and bound, each relative to k = 1', series, T, 1);
  const out = join('docs', 'figures', 'pep-fwa-window.svg');
  writeFileSync(out, svg + '\n');
  process.stdout.write(`wrote ${out}\n`);
  if (existsSync(CHROMIUM)) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 560, height: 360 } });
    await page.goto(`file://${resolve(out)}`);
    const png = out.replace(/\.svg$/, '.png');
    await page.screenshot({ path: png });
    await browser.close();
    process.stdout.write(`wrote ${png}\n`);
  }
  process.stdout.write(`\n${rows.join('\n')}\n`);
}

await main();

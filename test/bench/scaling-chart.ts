/**
 * The scaling chart of the README (docs/bench-scaling.svg), written by hand as SVG so the benchmark needs no plotting
 * library: bot reply p50/p99 against concurrent conversations (log-log), and memory per idle conversation against
 * the same axis, Parley beside the ws echo floor measured in the same run.
 */
type Row = Record<string, unknown>;

interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: Array<[x: number, y: number]>;
}

const W = 360;
const H = 250;
const M = { left: 56, right: 12, top: 46, bottom: 44 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);
const fmt = (v: number) => (v >= 1000 ? `${v / 1000}k` : String(v));

function get(row: Row, target: string, path: string[]): number {
  let v: unknown = row[target];
  for (const k of path) v = (v as Record<string, unknown> | undefined)?.[k];
  return num(v);
}

/** Decades covering [lo, hi] for a log axis. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

function panel(
  x0: number,
  title: string,
  yLabel: string,
  xs: number[],
  series: Series[],
  y: { log: boolean; ticks: number[]; unit: (v: number) => string },
  extra = '',
): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  const [ylo, yhi] = [Math.min(...y.ticks), Math.max(...y.ticks)];
  const sx = (v: number) => x0 + M.left + (pw * Math.log10(v / xlo)) / Math.log10(xhi / xlo);
  const sy = (v: number) =>
    M.top + ph - ph * (y.log ? Math.log10(v / ylo) / Math.log10(yhi / ylo) : (v - ylo) / (yhi - ylo));
  const parts = [
    `<text x="${x0 + M.left}" y="18" class="t">${esc(title)}</text>`,
    `<text x="${x0 + 14}" y="${M.top + ph / 2}" class="a" transform="rotate(-90 ${x0 + 14} ${M.top + ph / 2})">${esc(yLabel)}</text>`,
    `<text x="${x0 + M.left + pw / 2}" y="${H - 6}" class="a">concurrent conversations</text>`,
  ];
  for (const t of y.ticks)
    parts.push(
      `<line x1="${sx(xlo)}" x2="${sx(xhi)}" y1="${sy(t)}" y2="${sy(t)}" class="g"/>`,
      `<text x="${sx(xlo) - 4}" y="${sy(t) + 4}" class="l" text-anchor="end">${y.unit(t)}</text>`,
    );
  for (const t of xs)
    parts.push(
      `<line x1="${sx(t)}" x2="${sx(t)}" y1="${M.top}" y2="${M.top + ph}" class="g"/>`,
      `<text x="${sx(t)}" y="${M.top + ph + 16}" class="l" text-anchor="middle">${fmt(t)}</text>`,
    );
  const clamp = (v: number) => Math.min(yhi, Math.max(ylo, v));
  series.forEach((s, i) => {
    const pts = s.points.filter(([, v]) => Number.isFinite(v));
    const d = pts.map(([a, b]) => `${sx(a).toFixed(1)},${sy(clamp(b)).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      ...pts.map(
        ([a, b]) => `<circle cx="${sx(a).toFixed(1)}" cy="${sy(clamp(b)).toFixed(1)}" r="3" fill="${s.color}"/>`,
      ),
      // The key sits between the title and the plot, where no line can cross it.
      `<text x="${x0 + M.left + i * 74}" y="${M.top - 10}" class="k" fill="${s.color}">${s.dashed ? '- - ' : '— '}${esc(s.label)}</text>`,
    );
  });
  return parts.join('\n') + extra.replace(/SY\((\d+(?:\.\d+)?)\)/g, (_, v: string) => String(sy(Number(v))));
}

export function scalingChart(rows: Row[], meta: { rate: number; at: string }): string {
  const xs = rows.map((r) => num(r.conversations));
  const line = (target: string, path: string[]): Array<[number, number]> =>
    rows.map((r) => [num(r.conversations), get(r, target, path)]);
  const latencies = [...line('parley', ['replyMs', 'p99']), ...line('floor', ['replyMs', 'p50'])].map(([, v]) => v);
  const finite = latencies.filter(Number.isFinite);
  const lTicks = decades(Math.max(0.1, Math.min(...finite)), Math.max(100, ...finite));
  const kb = (target: string): Array<[number, number]> =>
    line(target, ['rssBytesPerIdle']).map(([x, v]) => [x, v / 1024]);
  const memMax = Math.max(16, ...[...kb('parley'), ...kb('floor')].map(([, v]) => v).filter(Number.isFinite));
  const mTicks = Array.from({ length: Math.ceil(memMax / 4) + 1 }, (_, i) => i * 4);
  const left = panel(
    0,
    `Bot reply latency at ${meta.rate} msg/s`,
    'ms (log)',
    xs,
    [
      { label: 'Parley p50', color: '#1f6feb', points: line('parley', ['replyMs', 'p50']) },
      { label: 'Parley p99', color: '#cf222e', points: line('parley', ['replyMs', 'p99']) },
      { label: 'echo p50', color: '#1f6feb', dashed: true, points: line('floor', ['replyMs', 'p50']) },
      { label: 'echo p99', color: '#cf222e', dashed: true, points: line('floor', ['replyMs', 'p99']) },
    ],
    { log: true, ticks: lTicks, unit: (v) => String(v) },
  );
  const right = panel(
    W,
    'Memory per idle conversation (RSS)',
    'KB',
    xs,
    [
      { label: 'Parley', color: '#8250df', points: kb('parley') },
      { label: 'bare ws server', color: '#8250df', dashed: true, points: kb('floor') },
    ],
    { log: false, ticks: mTicks, unit: (v) => String(v) },
    `<line x1="${W + M.left}" x2="${2 * W - M.right}" y1="SY(12)" y2="SY(12)" stroke="#1a7f37" stroke-dasharray="2 2"/>` +
      `<text x="${2 * W - M.right - 4}" y="SY(12)" dy="-3" class="k" fill="#1a7f37" text-anchor="end">target 12 KB</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 16}" viewBox="0 0 ${2 * W} ${H + 16}" font-family="sans-serif">
<style>.t{font-size:13px;font-weight:bold}.a{font-size:11px;fill:#555;text-anchor:middle}.l{font-size:10px;fill:#555}.k{font-size:11px}.g{stroke:#ddd}</style>
<rect width="100%" height="100%" fill="#fff"/>
${left}
${right}
<text x="${2 * W - 6}" y="${H + 10}" class="l" text-anchor="end">npm run bench scaling, ${esc(meta.at)}, 2 cores shared by client and server; SQLite synchronous=FULL</text>
</svg>
`;
}

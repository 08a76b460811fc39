#!/usr/bin/env node
// `npm run bench`: runs every benchmark in sequence (they compete for 2 cores otherwise), collects the
// JSON line each prints last, writes bench-results/latest.json and prints a summary table.
// Usage: node scripts/bench.mjs [name-filter...], e.g. `npm run bench scaling` (a bench's name or its group's:
// `server` runs saturation and scaling, `launcher` the widget's sizes and startup).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** TypeScript from source, workspace imports included (see scripts/test.mjs). */
const tsx = ['--conditions=@parley/source', '--import', 'tsx'];
const benches = [
  { name: 'widget', group: 'launcher', cmd: [process.execPath, 'widget/bench/size-and-startup.mjs'] },
  { name: 'nlu', cmd: [process.execPath, ...tsx, 'bot-server/bench/nlu-bench.ts'] },
  { name: 'store', cmd: [process.execPath, ...tsx, 'bot-server/bench/store-bench.ts'] },
  { name: 'saturation', group: 'server', cmd: [process.execPath, ...tsx, 'test/bench/server-bench.ts', 'saturation'] },
  { name: 'scaling', group: 'server', cmd: [process.execPath, ...tsx, 'test/bench/server-bench.ts', 'scaling'] },
  { name: 'stalls', group: 'server', cmd: [process.execPath, ...tsx, 'test/bench/server-bench.ts', 'stalls'] },
  { name: 'gateway', cmd: [process.execPath, ...tsx, 'bot-server/bench/gateway-bench.ts'] },
  { name: 'webhook', cmd: [process.execPath, ...tsx, 'test/bench/webhook-bench.ts'] },
  { name: 'upload', cmd: [process.execPath, ...tsx, 'test/bench/upload-bench.ts'] },
  { name: 'upload-loop', group: 'upload', cmd: [process.execPath, ...tsx, 'test/bench/upload-loop-delay.ts'] },
];
const filters = process.argv.slice(2);
const results = {};
for (const b of benches) {
  if (filters.length && !filters.some((f) => b.name.includes(f) || b.group === f)) continue;
  const script = b.cmd.find((c) => /\.(m?js|ts)$/.test(c) && c.includes('/'));
  if (!existsSync(join(root, script))) {
    console.log(`bench ${b.name}: skipped (${script} not found)`);
    continue;
  }
  console.log(`\n=== bench ${b.name}`);
  // 10,000 customers are 10,000 sockets in the load process and as many in the server: raise the open-file limit
  // as far as the hard limit allows (as root, past it) for the benchmark's processes only.
  const raise = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"';
  // Streamed as it runs (a scaling sweep takes minutes), and kept for the JSON line it ends with.
  const child = spawn('/bin/sh', ['-c', raise, 'bench', ...b.cmd], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let stdout = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    process.stdout.write(d);
  });
  const status = await new Promise((resolve) => child.once('close', resolve));
  const r = { status, stdout };
  const last = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (r.status !== 0 || !last) {
    results[b.name] = { error: `exit ${r.status}` };
    continue;
  }
  results[b.name] = JSON.parse(last);
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
const out = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  results,
};
writeFileSync(join(root, 'bench-results', 'latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log('\nbench-results/latest.json written');
// Each bench printed its figures (with the load average) as it ran; everything is in latest.json.

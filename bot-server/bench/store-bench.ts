/**
 * Store benchmark: durable appends per second through the real Store (Kysely + better-sqlite3,
 * WAL) with synchronous=FULL and NORMAL, for 1 conversation appended to sequentially and for 100
 * conversations appended to concurrently. Each case runs several rounds on a fresh temporary
 * database; the median round is reported. With PARLEY_BENCH_DATABASE_URL set, PostgreSQL too.
 * Prints a human table, then one JSON line (the last line) for scripts/bench.mjs.
 *
 *   node --import tsx bot-server/bench/store-bench.ts [case-filter...]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/domain/ports.js';

const ROUNDS = 5;
const APPENDS_PER_ROUND = 3000;
const logger = pino({ level: 'silent' });

interface CaseResult {
  appendsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of this process per append (user+system), robust to a machine loaded by others. */
  cpuUsPerAppend: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const round2 = (x: number) => Math.round(x * 100) / 100;

async function runRound(store: Store, conversations: string[], total: number): Promise<CaseResult> {
  const latencies: number[] = [];
  const perConversation = Math.ceil(total / conversations.length);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    conversations.map(async (conversationId, w) => {
      for (let i = 0; i < perConversation; i++) {
        const t = performance.now();
        await store.appendMessage({
          conversationId,
          clientMsgId: `w${w}-${i}-${randomBytes(4).toString('hex')}`,
          author: { role: 'customer' },
          content: { type: 'text', text: 'Hello, I would like to change my electricity tariff please.' },
          channel: 'web',
          now: Date.now(),
        });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    appendsPerSec: Math.round(latencies.length / seconds),
    p50Ms: round2(percentile(latencies, 0.5)),
    p99Ms: round2(percentile(latencies, 0.99)),
    cpuUsPerAppend: Math.round((used.user + used.system) / latencies.length),
  };
}

async function runCase(
  open: () => Promise<{ store: Store; dispose: () => Promise<void> }>,
  concurrency: number,
): Promise<CaseResult> {
  const rounds: CaseResult[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const { store, dispose } = await open();
    try {
      const visitorId = `v-${r}`;
      await store.createVisitor({ id: visitorId, tokenHash: `h-${r}`, locale: 'en', now: Date.now() });
      const conversations: string[] = [];
      for (let c = 0; c < concurrency; c++) {
        const id = `c-${r}-${c}`;
        await store.createConversation({ id, visitorId, channel: 'web', state: 'bot', data: {}, now: Date.now() });
        conversations.push(id);
      }
      rounds.push(await runRound(store, conversations, APPENDS_PER_ROUND));
    } finally {
      await dispose();
    }
  }
  const mid = (k: keyof CaseResult) => median(rounds.map((x) => x[k]));
  return {
    appendsPerSec: mid('appendsPerSec'),
    p50Ms: mid('p50Ms'),
    p99Ms: mid('p99Ms'),
    cpuUsPerAppend: mid('cpuUsPerAppend'),
  };
}

function sqlite(synchronous: 'FULL' | 'NORMAL') {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    const store = await openStore(
      { DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, SQLITE_SYNCHRONOUS: synchronous },
      logger,
    );
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

function postgres(baseUrl: string) {
  return async () => {
    const schema = `parley_bench_${randomBytes(6).toString('hex')}`;
    const url = new URL(baseUrl);
    url.searchParams.set('schema', schema);
    const store = await openStore({ DATABASE_URL: url.toString(), SQLITE_SYNCHRONOUS: 'FULL' }, logger);
    return {
      store,
      dispose: async () => {
        await store.close();
        const admin = new pg.Client({ connectionString: baseUrl });
        await admin.connect();
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      },
    };
  };
}

/** Optional case filters, e.g. `sqlite_normal` or `c100`. */
const filters = process.argv.slice(2);
const results: Record<string, CaseResult> = {};
const cases: Array<[string, () => Promise<{ store: Store; dispose: () => Promise<void> }>]> = [
  ['sqlite_full', sqlite('FULL')],
  ['sqlite_normal', sqlite('NORMAL')],
];
const pgUrl = process.env.PARLEY_BENCH_DATABASE_URL;
if (pgUrl) cases.push(['postgres', postgres(pgUrl)]);

for (const [name, open] of cases) {
  for (const concurrency of [1, 100]) {
    const key = `${name}_c${concurrency}`;
    if (filters.length > 0 && !filters.some((f) => key.includes(f))) continue;
    results[key] = await runCase(open, concurrency);
    const r = results[key];
    console.log(
      `${key.padEnd(22)} ${String(r.appendsPerSec).padStart(7)} appends/s   p50 ${r.p50Ms} ms   p99 ${r.p99Ms} ms   cpu ${r.cpuUsPerAppend} µs/append`,
    );
  }
}
console.log(JSON.stringify({ bench: 'store', rounds: ROUNDS, appendsPerRound: APPENDS_PER_ROUND, results }));

/**
 * Group commit across every write of a turn, counted where it costs: the COMMITs SQLite runs (each one a disk sync
 * with synchronous=FULL). The outcomes per write are the contract's (contract/batching.contract.ts).
 */
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { gatheredEach, GroupCommit, writesOf } from './group-commit.js';
import { createKyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';

const T0 = 1_700_000_000_000;

test('the turns of 50 conversations submitted together (updates, replies, events, details) commit once', async () => {
  // A write outside BEGIN..COMMIT commits by itself (autocommit): it counts as one too.
  let commits = 0;
  let inTransaction = false;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new BetterSqlite(':memory:') }),
    log: (e) => {
      const statement = e.query.sql.trimStart().slice(0, 6).toLowerCase();
      if (statement === 'begin') inTransaction = true;
      else if (statement === 'commit') {
        inTransaction = false;
        commits++;
      } else if (!inTransaction && ['insert', 'update', 'delete'].includes(statement)) commits++;
    },
  });
  const store = createKyselyStore({ db, dialect: 'sqlite' });
  try {
    await store.migrate();
    const ids = Array.from({ length: 50 }, () => randomUUID());
    for (const id of ids) {
      await store.createVisitor({ id, tokenHash: id, locale: null, now: T0 });
      await store.createConversation({ id, visitorId: id, channel: 'web', state: 'bot', data: {}, now: T0 });
    }
    commits = 0;
    const turns = await Promise.all(
      ids.map((id) =>
        Promise.all([
          store.updateConversation(id, 1, { data: { bot: { step: 2 } }, now: T0 + 1 }),
          store.appendMessage({
            conversationId: id,
            author: { role: 'bot' },
            content: { type: 'text', text: 'Hello' },
            channel: 'web',
            now: T0 + 1,
          }),
          store.appendEvent({ conversationId: id, type: 'state', data: {}, now: T0 + 1 }),
          store.setDetails(id, { name: 'Ada' }, T0 + 1),
        ]),
      ),
    );
    assert.equal(commits, 1, 'one transaction for every write of every turn');
    assert.ok(turns.every(([updated, appended]) => updated?.version === 2 && appended.message.seq === 1));
  } finally {
    await store.close();
  }
});

test('the webhooks and replies of one turn are one INSERT each into the inbox and the outbox', async () => {
  const inserts: Record<string, number> = {};
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new BetterSqlite(':memory:') }),
    log: (e) => {
      const into = /^insert into "(messaging_\w+)"/.exec(e.query.sql)?.[1];
      if (into) inserts[into] = (inserts[into] ?? 0) + 1;
    },
  });
  const store = createKyselyStore({ db, dialect: 'sqlite' });
  try {
    await store.migrate();
    const keys = Array.from({ length: 50 }, () => randomUUID());
    const event = (k: string) => ({
      eventId: `m-${k}`,
      appId: 'app',
      channel: 'whatsapp' as const,
      customerKey: k,
      address: { userId: k },
      channelTimestamp: T0,
      timestampSource: 'channel' as const,
      kind: 'message' as const,
      content: { type: 'text' as const, text: 'hello' },
    });
    const body = (k: string, i: number) => ({
      key: `${k}:${i}`,
      conversationId: k,
      address: { userId: k },
      body: {},
      now: T0,
    });
    const [stored, enqueued] = await Promise.all([
      Promise.all(keys.map((k) => store.insertInbox([{ event: event(k), now: T0 }]))),
      Promise.all(keys.map((k) => store.enqueueOutbox([body(k, 0), body(k, 1)]))),
    ]);
    assert.deepEqual(inserts, { messaging_inbox: 1, messaging_outbox: 1 });
    assert.deepEqual(
      stored,
      keys.map((k) => [`m-${k}`]),
    );
    assert.deepEqual(
      enqueued.map((rs) => rs.map((r) => r.key)),
      keys.map((k) => [`${k}:0`, `${k}:1`]),
    );
  } finally {
    await store.close();
  }
});

test('a gathered write that fails as a whole is retried item by item: only the bad item fails', async () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite(':memory:') }) });
  try {
    const writes: string[][] = [];
    const write = gatheredEach<string, string>(
      writesOf(db),
      (items) => {
        writes.push([...items]);
        if (items.includes('bad')) return Promise.reject(new Error('bad item'));
        return Promise.resolve(items.map((i) => i.toUpperCase()));
      },
      { retryAlone: true },
    );
    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map((i) => write(i)));
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
      ['A', 'bad item', 'C'],
    );
    assert.deepEqual(writes[0], ['a', 'bad', 'c'], 'first gathered into one write');
  } finally {
    await db.destroy();
  }
});

test("a commit's submitters are answered in order, at most 32 per turn of the event loop, so I/O can run between", async () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite(':memory:') }) });
  try {
    let batches = 0;
    const commit = new GroupCommit<number, number>(db, {
      batch: (_trx, inputs) => {
        batches++;
        return Promise.resolve(inputs.map((i) => i * 2));
      },
      one: (i) => Promise.resolve(i * 2),
    });
    // A turn counter moved once per turn of the event loop (its check phase), running throughout.
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const answeredIn: number[] = [];
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        commit.submit(i).then((out) => {
          order.push(i);
          answeredIn.push(turn);
          return out;
        }),
      ),
    );
    ticking = false;
    assert.equal(batches, 1, 'one transaction for all 100');
    assert.deepEqual(order, [...Array(100).keys()], 'answered in the order submitted');
    assert.deepEqual(
      results,
      [...Array(100).keys()].map((i) => i * 2),
    );
    const perTurn = new Map<number, number>();
    for (const t of answeredIn) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    assert.ok(perTurn.size >= 4, `answered over ${perTurn.size} turns`);
    assert.ok(Math.max(...perTurn.values()) <= 32, 'at most 32 in one turn');
  } finally {
    await db.destroy();
  }
});

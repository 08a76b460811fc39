/**
 * Runs the Store contract on SQLite (temporary file and :memory:) and, when
 * PARLEY_TEST_DATABASE_URL is set, on PostgreSQL in a fresh schema per run with two stores
 * (two pools, like two instances) migrating at once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { pino } from 'pino';
import { isParleyError } from '../errors.js';
import { sql } from 'kysely';
import { createStore, openStore } from './index.js';
import { openSqlite } from './sqlite.js';
import { storeContract } from './store.contract.js';

const logger = pino({ level: 'silent' });
const T0 = 1_700_000_000_000;

storeContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  const store = await openStore(
    { DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`, SQLITE_SYNCHRONOUS: 'FULL' },
    logger,
  );
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

storeContract('SQLite :memory:', async () => {
  const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, logger);
  return { store, cleanup: () => store.close() };
});

const pgUrl = process.env.PARLEY_TEST_DATABASE_URL;
if (pgUrl) {
  storeContract('PostgreSQL (two pools)', async () => {
    const schema = `parley_test_${randomBytes(6).toString('hex')}`;
    const url = new URL(pgUrl);
    url.searchParams.set('schema', schema);
    const config = { DATABASE_URL: url.toString(), SQLITE_SYNCHRONOUS: 'FULL' as const };
    // Two instances starting at the same moment: migrations must serialise, not collide.
    const [store, peer] = [createStore(config, logger), createStore(config, logger)];
    await Promise.all([store.migrate(), peer.migrate()]);
    return {
      store,
      peer,
      cleanup: async () => {
        await Promise.all([store.close(), peer.close()]);
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      },
    };
  });
} else {
  describe(
    'Store contract: PostgreSQL',
    { skip: 'PARLEY_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)' },
    () => {},
  );
}

describe('SQLite store files', () => {
  test('a fresh file database is created with its directory, and data survives a reopen', async () => {
    const base = mkdtempSync(join(tmpdir(), 'parley-fresh-'));
    try {
      const config = { DATABASE_URL: 'sqlite:./data/nested/parley.db', SQLITE_SYNCHRONOUS: 'FULL' as const };
      const file = join(base, 'data', 'nested', 'parley.db');
      assert.equal(existsSync(file), false);
      const first = await openStore(config, logger, { cwd: base });
      assert.equal(existsSync(file), true, 'relative path resolved against cwd, directory created');
      await first.createVisitor({ id: 'v1', tokenHash: 'h1', locale: null, now: T0 });
      await first.createConversation({ id: 'c1', visitorId: 'v1', channel: 'web', state: 'bot', data: {}, now: T0 });
      // Not awaited: close() must wait for the pending append to commit.
      const pending = first.appendMessage({
        conversationId: 'c1',
        clientMsgId: 'x',
        author: { role: 'customer' },
        content: { type: 'text', text: 'kept' },
        channel: 'web',
        now: T0,
      });
      await first.close();
      assert.equal((await pending).message.seq, 1);
      await assert.rejects(
        first.appendMessage({
          conversationId: 'c1',
          author: { role: 'bot' },
          content: { type: 'text', text: 'late' },
          channel: 'web',
          now: T0,
        }),
        (err) => isParleyError(err) && err.code === 'PARLEY_ERR_SHUTTING_DOWN',
      );
      const second = await openStore(config, logger, { cwd: base });
      const [message] = await second.listMessages('c1');
      assert.equal(message?.seq, 1);
      assert.deepEqual(message?.content, { type: 'text', text: 'kept' });
      const next = await second.appendMessage({
        conversationId: 'c1',
        author: { role: 'bot' },
        content: { type: 'text', text: 'next' },
        channel: 'web',
        now: T0 + 1,
      });
      assert.equal(next.message.seq, 2, 'the seq counter is durable');
      await second.close();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  test('DATABASE_URL forms: sqlite:///absolute, and a clear config error without a path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-url-'));
    try {
      const store = await openStore(
        { DATABASE_URL: `sqlite://${join(dir, 'abs.db')}`, SQLITE_SYNCHRONOUS: 'FULL' },
        logger,
      );
      await store.close();
      assert.equal(existsSync(join(dir, 'abs.db')), true);
      await assert.rejects(
        openStore({ DATABASE_URL: 'sqlite:', SQLITE_SYNCHRONOUS: 'FULL' }, logger),
        (err) => isParleyError(err) && err.code === 'PARLEY_ERR_CONFIG',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('foreign keys are enforced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-fk-'));
    const store = await openStore({ DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, SQLITE_SYNCHRONOUS: 'FULL' }, logger);
    try {
      await assert.rejects(
        store.createConversation({ id: 'c', visitorId: 'missing', channel: 'web', state: 'bot', data: {}, now: T0 }),
      );
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite connection settings', () => {
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    test(`WAL, synchronous=${synchronous}, busy_timeout and foreign keys are set`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-pragma-'));
      const { db } = openSqlite({ filename: join(dir, 'p.db'), synchronous });
      try {
        const pragma = async (name: string) =>
          Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
        assert.equal(await pragma('journal_mode'), 'wal');
        // FULL: SQLite's NORMAL plus the WAL synced off-thread before a commit is answered (sqlite-durable.ts).
        assert.equal(await pragma('synchronous'), 1);
        assert.equal(await pragma('busy_timeout'), 5000);
        assert.equal(await pragma('foreign_keys'), 1);
      } finally {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('group commit', () => {
  test('appends still commit while a test fakes timers (setImmediate included)', async (t) => {
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, logger);
    try {
      await store.createVisitor({ id: 'v', tokenHash: 'h', locale: null, now: T0 });
      await store.createConversation({ id: 'c', visitorId: 'v', channel: 'web', state: 'bot', data: {}, now: T0 });
      t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'setImmediate'] });
      const result = await store.appendMessage({
        conversationId: 'c',
        author: { role: 'bot' },
        content: { type: 'text', text: 'hi' },
        channel: 'web',
        now: T0,
      });
      assert.equal(result.message.seq, 1);
    } finally {
      t.mock.timers.reset();
      await store.close();
    }
  });
});

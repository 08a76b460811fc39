import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { compiledOn, compiledOnce } from './compiled-once.js';
import { createKyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';

const T0 = 1_700_000_000_000;

test('a query compiled once runs with each call’s values, its SQL built a single time', async () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite(':memory:') }) });
  const store = createKyselyStore({ db, dialect: 'sqlite' });
  try {
    await store.migrate();
    for (const id of ['a', 'b']) await store.createVisitor({ id, tokenHash: id, locale: 'en', now: T0 });
    let builds = 0;
    const visitor = compiledOnce(db, (q, id: string, hash: string) => {
      builds++;
      return q.selectFrom('visitors').select('id').where('id', '=', id).where('token_hash', '=', hash).limit(1);
    });
    assert.deepEqual(await visitor('a', 'a'), [{ id: 'a' }]);
    assert.deepEqual(await visitor('b', 'b'), [{ id: 'b' }]);
    assert.deepEqual(await visitor('a', 'b'), [], 'each value in its own place');
    assert.equal(builds, 1);
  } finally {
    await store.close();
  }
});

test('a query that does not use each parameter exactly once as a value is refused', async () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite(':memory:') }) });
  try {
    const twice = compiledOnce(db, (q, id: string) =>
      q.selectFrom('visitors').select('id').where('id', '=', id).where('token_hash', '=', id),
    );
    await assert.rejects(twice('a'), /exactly once/);
    const unused = compiledOnce(db, (q, _id: string) => q.selectFrom('visitors').select('id'));
    await assert.rejects(unused('a'), /exactly once/);
  } finally {
    await db.destroy();
  }
});

test('a write compiled once runs on the transaction it is given, with values of any type', async () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite(':memory:') }) });
  const store = createKyselyStore({ db, dialect: 'sqlite' });
  try {
    await store.migrate();
    const insert = compiledOn(db, (q, id: string, hash: string, locale: string | null, at: number) =>
      q.insertInto('visitors').values({ id, token_hash: hash, locale, created_at: at }),
    );
    await db
      .transaction()
      .execute(async (trx) => {
        await insert(trx, 'gone', 'g', 'en', T0);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await db.transaction().execute((trx) => insert(trx, 'kept', 'k', null, T0 + 1));
    const rows = await db.selectFrom('visitors').select(['id', 'locale', 'created_at']).execute();
    assert.deepEqual(rows, [{ id: 'kept', locale: null, created_at: T0 + 1 }]);
  } finally {
    await store.close();
  }
});

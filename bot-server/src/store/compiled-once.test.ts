import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { compiledOnce } from './compiled-once.js';
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

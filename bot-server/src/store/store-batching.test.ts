/**
 * Group commit across every write of a turn, counted where it costs: the COMMITs SQLite runs (each one a disk sync
 * with synchronous=FULL). The outcomes per write are the contract's (contract/batching.contract.ts).
 */
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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

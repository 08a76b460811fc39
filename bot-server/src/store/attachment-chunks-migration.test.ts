/**
 * Migration 0009 on a database written before it: files stored as one blob (0003) are still served, now piece by
 * piece, and a metadata-only record (directory store) stays so; down puts the blobs back. SQLite, and PostgreSQL
 * when PARLEY_TEST_DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createAttachmentStorage } from '../attachments/storage.js';
import { createKyselyStore } from './kysely-store.js';
import { migrationProvider } from './migrations/index.js';
import { openPostgres } from './postgres.js';
import type { Database, Dialect } from './schema.js';
import { openSqlite } from './sqlite.js';

const blob = randomBytes(600_000); // three pieces of 256 KiB
blob[0] = 0;

async function legacyThenLatest(db: Kysely<Database>, dialect: Dialect, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const before = await migrator.migrateTo('0008-messaging-claims');
  assert.equal(before.error, undefined);
  const row = { conversation_id: 'c1', mime_type: 'application/pdf', sha256: 'ab', scan: 'clean', created_at: 1 };
  await sql`insert into attachments (id, conversation_id, name, mime_type, size, sha256, scan, data, created_at)
    values ('blob', ${row.conversation_id}, 'a.pdf', ${row.mime_type}, ${blob.length}, ${row.sha256}, ${row.scan},
            ${blob}, ${row.created_at}),
           ('elsewhere', ${row.conversation_id}, 'b.pdf', ${row.mime_type}, 3, ${row.sha256}, ${row.scan},
            null, ${row.created_at})`.execute(db);

  const store = createKyselyStore({ db, dialect, ...(schema ? { schema } : {}) });
  await store.migrate();
  const storage = createAttachmentStorage('database', store);
  const moved = await store.getAttachment('blob');
  assert.equal(moved?.chunks, 3);
  const pieces: Buffer[] = [];
  for await (const piece of (await storage.open(moved))!) pieces.push(piece);
  assert.deepEqual(Buffer.concat(pieces), blob);
  const elsewhere = await store.getAttachment('elsewhere');
  assert.equal(elsewhere?.chunks, undefined);
  assert.equal(await storage.open(elsewhere!), undefined);

  // Down to before 0009 whatever came after it.
  const down = await migrator.migrateTo('0008-messaging-claims');
  assert.equal(down.error, undefined);
  const { rows } = await sql<{ data: Uint8Array }>`select data from attachments where id = 'blob'`.execute(db);
  assert.deepEqual(Buffer.from(rows[0]!.data), blob);
}

test('0009 on SQLite: a file stored whole before it is served in pieces after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-0009-'));
  const { db } = openSqlite({ filename: join(dir, 'p.db'), synchronous: 'NORMAL' });
  try {
    await legacyThenLatest(db, 'sqlite');
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

const pgUrl = process.env.PARLEY_TEST_DATABASE_URL;
test('0009 on PostgreSQL: a file stored whole before it is served in pieces after it', { skip: !pgUrl }, async () => {
  const schema = `parley_0009_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const { db } = openPostgres({ connectionString: pgUrl!, schema });
  try {
    await legacyThenLatest(db, 'postgres', schema);
  } finally {
    await db.destroy();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
});

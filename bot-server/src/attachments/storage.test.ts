/**
 * The database storage writes a file in pieces with the event loop free between them, makes it visible only whole,
 * serves it piece by piece, and sweeps what a write that stopped half way left behind.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { openStore, type KyselyStore } from '../store/index.js';
import type { AttachmentRecord } from './model.js';
import { CHUNK_BYTES, createAttachmentStorage, ORPHAN_AGE_MS, sha256 } from './storage.js';

const T0 = 1_700_000_000_000;

function record(data: Buffer, createdAt = T0): AttachmentRecord {
  const r = { id: randomUUID(), conversationId: 'c1', name: 'f.pdf', mimeType: 'application/pdf' };
  return { ...r, size: data.length, sha256: sha256(data), scan: 'clean', createdAt };
}

async function readAll(body: AsyncIterable<Buffer> | undefined): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  for await (const piece of body ?? []) pieces.push(piece);
  return pieces;
}

describe('database attachment storage', () => {
  let dir: string;
  let store: KyselyStore;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-storage-'));
    const config = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, SQLITE_SYNCHRONOUS: 'NORMAL' as const };
    store = await openStore(config, pino({ level: 'silent' }));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a file goes in pieces with other work between them, and comes back piece by piece', async () => {
    const storage = createAttachmentStorage('database', store);
    const data = randomBytes(CHUNK_BYTES * 8 + 17);
    const rec = record(data);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await storage.put(rec, data);
    counting = false;
    assert.ok(turns >= 9, `the event loop turned ${turns} times while 9 pieces were written`);

    const stored = await store.getAttachment(rec.id);
    assert.equal(stored?.chunks, 9);
    const pieces = await readAll(await storage.open(stored));
    assert.deepEqual(
      pieces.map((p) => p.length),
      [...Array<number>(8).fill(CHUNK_BYTES), 17],
    );
    assert.deepEqual(Buffer.concat(pieces), data);
  });

  test('a write that fails half way leaves nothing: no record, no pieces, nothing unfinished', async () => {
    const data = randomBytes(CHUNK_BYTES * 4);
    const rec = record(data);
    const failing = {
      ...store,
      saveAttachmentChunk: (id: string, seq: number, piece: Uint8Array) =>
        seq === 2 ? Promise.reject(new Error('disk full')) : store.saveAttachmentChunk(id, seq, piece),
    };
    await assert.rejects(createAttachmentStorage('database', failing).put(rec, data), /disk full/);
    assert.equal(await store.getAttachment(rec.id), undefined);
    assert.equal(await store.getAttachmentChunk(rec.id, 0), undefined);
    assert.deepEqual(await store.listUnfinishedAttachments(Number.MAX_SAFE_INTEGER, 10), []);
  });

  test('pieces a crash left without a record are swept once the upload is older than any upload takes', async () => {
    const storage = createAttachmentStorage('database', store);
    const id = randomUUID();
    await store.beginAttachment(id, T0);
    await store.saveAttachmentChunk(id, 0, randomBytes(100));
    await store.saveAttachmentChunk(id, 1, randomBytes(100));
    assert.equal(await storage.sweep(T0 + ORPHAN_AGE_MS), 0, 'maybe still being written');
    assert.ok(await store.getAttachmentChunk(id, 1));
    assert.equal(await storage.sweep(T0 + ORPHAN_AGE_MS + 1), 1);
    assert.equal(await store.getAttachmentChunk(id, 0), undefined);
    assert.equal(await store.getAttachmentChunk(id, 1), undefined);
    assert.equal(await storage.sweep(T0 + ORPHAN_AGE_MS + 1), 0);
  });

  test('a record whose bytes are not in the database is not opened here', async () => {
    const data = randomBytes(10);
    assert.equal(await createAttachmentStorage('database', store).open(record(data)), undefined);
  });
});

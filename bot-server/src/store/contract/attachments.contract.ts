import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttachmentRecord } from '../../attachments/model.js';
import { isAttachmentStore } from '../../attachments/model.js';
import { T0, type ContractFixture } from './fixture.js';

export function attachmentsContract(f: ContractFixture): void {
  test('attachments: pieces hidden until the record ends the upload, metadata-only records, per conversation', async () => {
    const { store } = f;
    assert.ok(isAttachmentStore(store));
    const conversationId = await f.conversation();
    const pieces = [randomBytes(70_000), randomBytes(5)];
    pieces[0]![0] = 0; // a NUL first byte: the column must be binary, not text
    const rec: AttachmentRecord = {
      id: randomUUID(),
      conversationId,
      name: 'meter.png',
      mimeType: 'image/png',
      size: 70_005,
      sha256: 'ab'.repeat(32),
      scan: 'clean',
      createdAt: T0,
    };
    await store.beginAttachment(rec.id, T0);
    for (const [seq, piece] of pieces.entries()) await store.saveAttachmentChunk(rec.id, seq, piece);
    assert.equal(await store.getAttachment(rec.id), undefined, 'not visible before its record');
    assert.ok((await store.listUnfinishedAttachments(T0 + 1, 100)).includes(rec.id));
    assert.ok(!(await store.listUnfinishedAttachments(T0, 100)).includes(rec.id), 'begun at T0, not before');

    const whole = { ...rec, chunks: 2 };
    await store.saveAttachment(whole);
    assert.deepEqual(await store.getAttachment(rec.id), whole);
    assert.deepEqual(await store.getAttachmentChunk(rec.id, 0), pieces[0]);
    assert.deepEqual(await store.getAttachmentChunk(rec.id, 1), pieces[1]);
    assert.equal(await store.getAttachmentChunk(rec.id, 2), undefined);
    assert.ok(!(await store.listUnfinishedAttachments(T0 + 1, 100)).includes(rec.id), 'the record ends the upload');

    const elsewhere = { ...rec, id: randomUUID(), name: 'bill.pdf', mimeType: 'application/pdf', createdAt: T0 + 1 };
    await store.saveAttachment(elsewhere);
    assert.deepEqual(await store.getAttachment(elsewhere.id), elsewhere, 'bytes kept outside the database');
    assert.deepEqual(await store.listAttachments(conversationId), [whole, elsewhere]);

    assert.equal(await store.getAttachment(randomUUID()), undefined);
    assert.equal(await store.getAttachmentChunk(randomUUID(), 0), undefined);
    await assert.rejects(store.saveAttachment(whole), 'an id is written once');
  });

  test('attachments: an unfinished upload is dropped with its pieces', async () => {
    const { store } = f;
    assert.ok(isAttachmentStore(store));
    const id = randomUUID();
    await store.beginAttachment(id, T0);
    await store.saveAttachmentChunk(id, 0, randomBytes(10));
    await store.dropUnfinishedAttachment(id);
    assert.equal(await store.getAttachmentChunk(id, 0), undefined);
    assert.ok(!(await store.listUnfinishedAttachments(T0 + 1, 100)).includes(id));
  });
}

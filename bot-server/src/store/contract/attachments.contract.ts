import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttachmentRecord } from '../../attachments/model.js';
import { isAttachmentStore } from '../../attachments/model.js';
import { T0, type ContractFixture } from './fixture.js';

export function attachmentsContract(f: ContractFixture): void {
  test('attachments: bytes and metadata round-trip, metadata-only records, listing per conversation', async () => {
    const { store } = f;
    assert.ok(isAttachmentStore(store));
    const conversationId = await f.conversation();
    const bytes = randomBytes(70_000);
    bytes[0] = 0; // a NUL first byte: the column must be binary, not text
    const rec: AttachmentRecord = {
      id: randomUUID(),
      conversationId,
      name: 'meter.png',
      mimeType: 'image/png',
      size: bytes.length,
      sha256: 'ab'.repeat(32),
      scan: 'clean',
      createdAt: T0,
    };
    await store.saveAttachment(rec, bytes);
    assert.deepEqual(await store.getAttachment(rec.id), rec);
    assert.deepEqual(await store.getAttachmentData(rec.id), bytes);

    const elsewhere = { ...rec, id: randomUUID(), name: 'bill.pdf', mimeType: 'application/pdf', createdAt: T0 + 1 };
    await store.saveAttachment(elsewhere);
    assert.equal(await store.getAttachmentData(elsewhere.id), undefined, 'bytes kept outside the database');
    assert.deepEqual(await store.listAttachments(conversationId), [rec, elsewhere]);

    assert.equal(await store.getAttachment(randomUUID()), undefined);
    assert.equal(await store.getAttachmentData(randomUUID()), undefined);
    await assert.rejects(store.saveAttachment(rec, bytes), 'an id is written once');
  });
}

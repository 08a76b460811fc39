import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallRecord } from '../../domain/ports.js';
import { T0, type ContractFixture } from './fixture.js';

export function callsContract(f: ContractFixture): void {
  test('calls: idempotent create, update, lookups and abuse counters', async () => {
    const { store } = f;
    const c = await f.conversation();
    const phone = `+1415555${Math.floor(Math.random() * 9000 + 1000)}`;
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    const call: CallRecord = {
      id: randomUUID(),
      conversationId: c,
      provider: 'aacc-callback',
      idempotencyKey: `k-${randomUUID()}`,
      externalId: null,
      phone,
      clientAddress: ip,
      status: 'requested',
      scheduledFor: null,
      data: { skillset: 'WC_Default' },
      createdAt: T0,
      updatedAt: T0,
    };
    const first = await store.createCall(call);
    assert.deepEqual(first, { call, created: true });
    const retry = await store.createCall({ ...call, id: randomUUID(), status: 'scheduled' });
    assert.deepEqual(retry, { call, created: false }, 'a retried key returns the original call');
    const updated = await store.updateCall(call.id, { status: 'dialling', externalId: 'ext-9', now: T0 + 5 });
    assert.equal(updated?.status, 'dialling');
    assert.equal(updated?.externalId, 'ext-9');
    assert.deepEqual(updated?.data, { skillset: 'WC_Default' });
    assert.deepEqual(await store.getCall(call.id), updated);
    assert.deepEqual(await store.getCallByExternalId('aacc-callback', 'ext-9'), updated);
    assert.equal(await store.getCallByExternalId('other', 'ext-9'), undefined);
    assert.equal(await store.updateCall(randomUUID(), { status: 'failed', now: T0 }), undefined);
    const second = {
      ...call,
      id: randomUUID(),
      idempotencyKey: `k-${randomUUID()}`,
      clientAddress: null,
      createdAt: T0 + 100,
      updatedAt: T0 + 100,
    };
    await store.createCall(second);
    assert.deepEqual(
      (await store.listCalls(c)).map((x) => x.id),
      [call.id, second.id],
    );
    assert.deepEqual(
      (await store.listOpenCalls(call.provider)).filter((x) => x.conversationId === c).map((x) => x.id),
      [call.id, second.id],
    );
    await store.updateCall(second.id, { status: 'completed', now: T0 + 200 });
    assert.deepEqual(
      (await store.listOpenCalls(call.provider)).filter((x) => x.conversationId === c).map((x) => x.id),
      [call.id],
      'a call in a final status is not open',
    );
    assert.equal(await store.countCallsSince({ phone }, T0), 2);
    assert.equal(await store.countCallsSince({ phone }, T0 + 1), 1);
    assert.equal(await store.countCallsSince({ clientAddress: ip }, T0), 1);
    assert.equal(await store.countCallsSince({ conversationId: c, phone }, T0), 2);
    assert.equal(await store.countCallsSince({ conversationId: c, phone: '+10000000000' }, T0), 0);
  });
}

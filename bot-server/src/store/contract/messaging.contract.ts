import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InboundEvent } from '../../channels/channel.js';
import { T0, type ContractFixture } from './fixture.js';

export function inbound(customerKey: string, eventId = `m-${randomUUID()}`): InboundEvent {
  return {
    eventId,
    appId: 'app',
    channel: 'whatsapp',
    customerKey,
    address: { userId: customerKey },
    channelTimestamp: T0,
    timestampSource: 'channel',
    kind: 'message',
    content: { type: 'text', text: 'hello' },
  };
}

export function messagingContract(f: ContractFixture): void {
  test('messaging inbox: a redelivered event id is stored once; pending in order; processed rows pruned', async () => {
    const { store } = f;
    const a = inbound(`u-${randomUUID()}`);
    const b = inbound(a.customerKey);
    assert.deepEqual(await store.insertInbox([{ event: a, now: T0 }]), [a.eventId]);
    assert.deepEqual(
      await store.insertInbox([
        { event: a, now: T0 + 1 },
        { event: b, now: T0 + 1 },
      ]),
      [b.eventId],
      'the duplicate is ignored, the new one stored',
    );
    const mine = (await store.listPendingInbox(1000)).filter((r) => r.customerKey === a.customerKey);
    assert.deepEqual(
      mine.map((r) => r.eventId),
      [a.eventId, b.eventId],
    );
    assert.deepEqual(mine[0]?.event, a);
    await store.markInboxProcessed(a.eventId, T0 + 5);
    assert.deepEqual(
      (await store.listPendingInbox(1000)).filter((r) => r.customerKey === a.customerKey).map((r) => r.eventId),
      [b.eventId],
    );
    assert.ok((await store.pruneInbox(T0 + 1)) >= 1);
    assert.deepEqual(await store.insertInbox([{ event: b, now: T0 + 9 }]), [], 'unprocessed rows are never pruned');
  });

  test('messaging outbox: ordered per conversation, idempotent keys, retry, sent with the external id, failed', async () => {
    const { store } = f;
    const conversationId = randomUUID();
    const address = { userId: 'u1', conversationId: 'c1' };
    const key = `k-${randomUUID()}`;
    const stored = await store.enqueueOutbox([
      { key: `${key}-0`, conversationId, address, body: { text: 'one' }, now: T0 },
      { key: `${key}-1`, conversationId, address, body: { text: 'two' }, now: T0 },
    ]);
    const again = await store.enqueueOutbox([
      { key: `${key}-0`, conversationId, address, body: { text: 'again' }, now: T0 },
    ]);
    assert.deepEqual(again, [], 'a known key stores nothing');
    const pending = (await store.listPendingOutbox(1000)).filter((r) => r.conversationId === conversationId);
    assert.deepEqual(
      pending.map((r) => r.body),
      [{ text: 'one' }, { text: 'two' }],
    );
    assert.deepEqual(stored, pending, 'the stored rows as a listing reads them, in order');
    const [first, second] = pending;
    assert.ok(first && second && first.id < second.id);
    assert.deepEqual(first.address, address);
    assert.equal(
      await store.markOutboxRetry(first.id, { attempts: 1, nextAttemptAt: T0 + 1000, error: 'HTTP 503' }),
      true,
    );
    const retried = (await store.listPendingOutbox(1000)).find((r) => r.id === first.id);
    assert.equal(retried?.attempts, 1);
    assert.equal(retried?.nextAttemptAt, T0 + 1000);
    assert.equal(retried?.unconfirmed, false, 'a 503 answered: nothing was stored');
    await store.markOutboxRetry(first.id, {
      attempts: 1,
      nextAttemptAt: T0 + 1000,
      error: 'ECONNRESET',
      unconfirmed: true,
    });
    const reset = (await store.listPendingOutbox(1000)).find((r) => r.id === first.id);
    assert.deepEqual([reset?.unconfirmed, reset?.lastError], [true, 'ECONNRESET'], 'kept for the next attempt');
    await store.markOutboxRetry(first.id, { attempts: 1, nextAttemptAt: T0 + 1000, error: 'HTTP 503' });
    const ext = `ext-${randomUUID()}`;
    await store.markOutboxSent(first.id, ext, T0 + 1001);
    assert.equal(await store.markOutboxFailed(second.id, 'HTTP 400'), true);
    assert.equal(
      await store.markOutboxRetry(first.id, { attempts: 2, nextAttemptAt: T0 + 2000, error: 'late' }),
      false,
      'a sent body takes no retry',
    );
    assert.equal(await store.markOutboxFailed(first.id, 'late'), false, 'nor a failure');
    const sent = await store.getOutboxByExternalId(ext);
    assert.deepEqual([sent?.state, sent?.attempts, sent?.lastError], ['sent', 1, 'HTTP 503']);
    assert.equal((await store.getOutboxByExternalId(ext))?.state, 'sent');
    assert.deepEqual(
      (await store.listPendingOutbox(1000)).filter((r) => r.conversationId === conversationId),
      [],
    );
    const depths = await store.messagingDepths();
    assert.ok(depths.inbox >= 0 && depths.outbox >= 0);
  });

  test('messaging identities: saved, found by customer and by conversation, updated in place', async () => {
    const { store } = f;
    const visitorId = await f.visitor();
    const conversationId = await f.conversation(visitorId);
    const customerKey = `u-${randomUUID()}`;
    const rec = {
      channel: 'whatsapp' as const,
      appId: 'app',
      customerKey,
      visitorId,
      conversationId,
      address: { userId: customerKey },
      profile: { givenName: 'Ada', phone: '+447700900123' },
      lastCustomerAt: null,
      renderState: {},
      updatedAt: T0,
    };
    await store.saveChannelIdentity(rec);
    assert.deepEqual(await store.getChannelIdentity('whatsapp', 'app', customerKey), rec);
    assert.equal(await store.getChannelIdentity('messenger', 'app', customerKey), undefined);
    const next = { ...rec, lastCustomerAt: T0 + 5, renderState: { offered: { n: 2 } }, updatedAt: T0 + 5 };
    await store.saveChannelIdentity(next);
    assert.deepEqual(await store.getChannelIdentityByConversation(conversationId), next);
  });

  test('messaging writes of one turn share a statement: a concurrent redelivery and a repeated key go to the first call; an identity saved with its bodies', async () => {
    const { store } = f;
    const a = inbound(`u-${randomUUID()}`);
    const b = inbound(a.customerKey);
    const inserted = await Promise.all([
      store.insertInbox([{ event: a, now: T0 }]),
      store.insertInbox([
        { event: a, now: T0 },
        { event: b, now: T0 },
      ]),
      store.insertInbox([{ event: b, now: T0 }]),
    ]);
    assert.deepEqual(inserted, [[a.eventId], [b.eventId], []]);

    const visitorId = await f.visitor();
    const conversationId = await f.conversation(visitorId);
    const customerKey = `u-${randomUUID()}`;
    const address = { userId: customerKey };
    const identity = {
      channel: 'whatsapp' as const,
      appId: 'app',
      customerKey,
      visitorId,
      conversationId,
      address,
      profile: {},
      lastCustomerAt: T0,
      renderState: { offered: { n: 3 } },
      updatedAt: T0,
    };
    const key = `k-${randomUUID()}`;
    const row = (k: string, text: string) => ({ key: k, conversationId, address, body: { text }, now: T0 });
    const [first, second, third] = await Promise.all([
      store.enqueueOutbox([row(`${key}-0`, 'one')], identity),
      store.enqueueOutbox([row(`${key}-0`, 'again'), row(`${key}-1`, 'two')]),
      store.enqueueOutbox([], { ...identity, updatedAt: T0 + 1 }),
    ]);
    assert.deepEqual(
      [first, second, third].map((rs) => rs.map((r) => r.body)),
      [[{ text: 'one' }], [{ text: 'two' }], []],
    );
    assert.ok(first[0] && second[0] && first[0].id < second[0].id, 'in the order of the calls');
    assert.deepEqual(await store.getChannelIdentityByConversation(conversationId), { ...identity, updatedAt: T0 + 1 });
  });
}

/**
 * Messaging claims between instances (areas/messaging-claims.ts): one owner per key at a time, renewal, expiry on
 * the database's clock (a negative TTL makes a claim that has already lapsed, so no test waits), listings that skip
 * the keys others hold, and marks refused to a stale token.
 */
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T0, type ContractFixture } from './fixture.js';
import { inbound } from './messaging.contract.js';

const TTL = 60_000;
const LAPSED = -1000;

const ids = () => Array.from({ length: 3 }, () => `k-${randomUUID()}`);
const keysOf = (grants: Array<{ key: string }>) => grants.map((g) => g.key).sort();

export function messagingClaimsContract(f: ContractFixture): void {
  test('messaging claims: one owner per key; the owner may claim again (new token); renewal keeps the token', async () => {
    const { store } = f;
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const [k1, k2, k3] = ids() as [string, string, string];
    const first = await store.claimMessagingKeys('inbox', [k2, k1, k1], a, TTL);
    assert.deepEqual(keysOf(first), [k1, k2].sort());
    assert.ok(first.every((g) => g.token === 1));
    assert.deepEqual(keysOf(await store.claimMessagingKeys('inbox', [k1, k3], b, TTL)), [k3], "k1 is a's");
    assert.deepEqual(keysOf(await store.claimMessagingKeys('outbox', [k1], b, TTL)), [k1], 'queues are apart');
    const again = await store.claimMessagingKeys('inbox', [k1], a, TTL);
    assert.deepEqual(again, [{ key: k1, token: 2 }]);
    assert.deepEqual(
      (await store.renewMessagingClaims('inbox', [k1, k2, k3], a, TTL)).sort((x, y) => x.key.localeCompare(y.key)),
      [
        { key: k1, token: 2 },
        { key: k2, token: 1 },
      ].sort((x, y) => x.key.localeCompare(y.key)),
      "k3 is b's: not renewed for a",
    );
  });

  test('messaging claims: a lapsed claim goes to another owner with a new token; the old owner cannot renew it', async () => {
    const { store } = f;
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const [k] = ids() as [string];
    assert.deepEqual(await store.claimMessagingKeys('outbox', [k], a, LAPSED), [{ key: k, token: 1 }]);
    assert.deepEqual(
      await store.claimMessagingKeys('outbox', [k], b, TTL),
      [{ key: k, token: 2, takenOver: true }],
      'taken from an owner that never let it go: the grant says so',
    );
    assert.deepEqual(await store.renewMessagingClaims('outbox', [k], a, TTL), []);
    assert.deepEqual(await store.claimMessagingKeys('outbox', [k], a, TTL), [], 'b holds it now');
  });

  test('messaging claims: released keys are free at once and the next grant raises the token', async () => {
    const { store } = f;
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const [k] = ids() as [string];
    await store.claimMessagingKeys('inbox', [k], a, TTL);
    await store.releaseMessagingClaims('inbox', [k], b);
    assert.deepEqual(await store.claimMessagingKeys('inbox', [k], b, TTL), [], 'only the owner releases');
    await store.releaseMessagingClaims('inbox', [k], a);
    assert.deepEqual(await store.claimMessagingKeys('inbox', [k], b, TTL), [{ key: k, token: 2 }], 'not a takeover');
    assert.deepEqual(
      await store.claimMessagingKeys('inbox', [k], a, LAPSED),
      [],
      "b's claim stands (its TTL has not run out)",
    );
    const [mine] = ids() as [string];
    await store.claimMessagingKeys('outbox', [mine], a, LAPSED);
    assert.deepEqual(
      await store.claimMessagingKeys('outbox', [mine], a, TTL),
      [{ key: mine, token: 2 }],
      'its own lapsed claim taken again is not a takeover',
    );
    assert.ok((await store.pruneMessagingClaims(3_600_000)) >= 0);
  });

  test("messaging claims: an owner's inbox listing skips the customers another instance holds", async () => {
    const { store } = f;
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const [mine, theirs, free] = ids() as [string, string, string];
    const events = [inbound(mine), inbound(theirs), inbound(free)];
    await store.insertInbox(events.map((event) => ({ event, now: T0 })));
    await store.claimMessagingKeys('inbox', [mine], a, TTL);
    await store.claimMessagingKeys('inbox', [theirs], b, TTL);
    const listed = async (owner?: string) =>
      (await store.listPendingInbox(10_000, owner))
        .map((r) => r.customerKey)
        .filter((k) => [mine, theirs, free].includes(k));
    assert.deepEqual(await listed(a), [mine, free]);
    assert.deepEqual(await listed(), [mine, theirs, free], 'without an owner: every pending row');
    await store.claimMessagingKeys('inbox', [theirs], b, LAPSED);
    assert.deepEqual(await listed(a), [mine, theirs, free], 'a lapsed claim does not hide its rows');
  });

  test('messaging claims: processed and sent marks are refused to a stale token', async () => {
    const { store } = f;
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const [customer, conversationId] = ids() as [string, string];
    const [e1, e2] = [inbound(customer), inbound(customer)];
    await store.insertInbox([e1, e2].map((event) => ({ event, now: T0 })));
    const [stale] = await store.claimMessagingKeys('inbox', [customer], a, LAPSED);
    const [fresh] = await store.claimMessagingKeys('inbox', [customer], b, TTL);
    assert.ok(stale && fresh);
    await Promise.all([
      store.markInboxProcessed(e1.eventId, T0 + 1, { owner: a, token: stale.token }),
      store.markInboxProcessed(e2.eventId, T0 + 1, { owner: b, token: fresh.token }),
    ]);
    const pending = (await store.listPendingInbox(10_000)).filter((r) => r.customerKey === customer);
    assert.deepEqual(
      pending.map((r) => r.eventId),
      [e1.eventId],
      "the stale mark changed nothing; the holder's was made",
    );

    const address = { userId: 'u1', conversationId: 'c1' };
    await store.enqueueOutbox(
      ['one', 'two'].map((t) => ({ key: `${conversationId}-${t}`, conversationId, address, body: { t }, now: T0 })),
    );
    const [one, two] = (await store.listPendingOutbox(10_000)).filter((r) => r.conversationId === conversationId);
    assert.ok(one && two);
    const [old] = await store.claimMessagingKeys('outbox', [conversationId], a, LAPSED);
    const [now] = await store.claimMessagingKeys('outbox', [conversationId], b, TTL);
    assert.ok(old && now);
    await Promise.all([
      store.markOutboxSent(one.id, `x-${randomUUID()}`, T0 + 2, { owner: a, token: old.token }),
      store.markOutboxSent(two.id, `x-${randomUUID()}`, T0 + 2, { owner: b, token: now.token }),
    ]);
    const left = (await store.listPendingOutbox(10_000)).filter((r) => r.conversationId === conversationId);
    assert.deepEqual(
      left.map((r) => r.id),
      [one.id],
    );
  });

  test("messaging claims: a stale worker's retry and failure marks are refused; the holder's are made", async () => {
    const { store } = f;
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const [conversationId] = ids() as [string];
    const address = { userId: 'u1', conversationId: 'c1' };
    const [one, two] = await store.enqueueOutbox(
      ['one', 'two'].map((t) => ({ key: `${conversationId}-${t}`, conversationId, address, body: { t }, now: T0 })),
    );
    assert.ok(one && two);
    // a held the conversation, paused past its lease; b took it over (a new token) and retried the head body.
    const [old] = await store.claimMessagingKeys('outbox', [conversationId], a, LAPSED);
    const [now] = await store.claimMessagingKeys('outbox', [conversationId], b, TTL);
    assert.ok(old && now && now.token > old.token);
    const stale = { owner: a, token: old.token };
    const fresh = { owner: b, token: now.token };
    assert.equal(
      await store.markOutboxRetry(one.id, { attempts: 1, nextAttemptAt: T0 + 50, error: 'b: 503' }, fresh),
      true,
    );
    assert.equal(
      await store.markOutboxRetry(one.id, { attempts: 1, nextAttemptAt: T0 + 9999, error: 'a: timeout' }, stale),
      false,
    );
    assert.equal(await store.markOutboxFailed(two.id, 'a: 400', stale), false);
    const rows = async () => (await store.listPendingOutbox(10_000)).filter((r) => r.conversationId === conversationId);
    assert.deepEqual(
      (await rows()).map((r) => [r.id, r.attempts, r.nextAttemptAt, r.lastError]),
      [
        [one.id, 1, T0 + 50, 'b: 503'],
        [two.id, 0, T0, null],
      ],
      "the stale marks changed nothing: b's retry stands, the second body is still pending",
    );
    // b sends the head; a's late failure for it must not turn a sent body into a failed one.
    const ext = `x-${randomUUID()}`;
    await store.markOutboxSent(one.id, ext, T0 + 60, fresh);
    assert.equal(await store.markOutboxFailed(one.id, 'a: 400', stale), false);
    assert.equal((await store.getOutboxByExternalId(ext))?.state, 'sent');
    assert.equal(await store.markOutboxFailed(two.id, 'b: 400', fresh), true);
    assert.deepEqual(await rows(), [], "the holder's failure was made");
  });
}

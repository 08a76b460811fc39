import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T0, type ContractFixture } from './fixture.js';

export function conversationsContract(f: ContractFixture): void {
  test('conversations: create/get round-trip, newest open conversation, state listing', async () => {
    const { store } = f;
    const v = await f.visitor();
    const a = await f.conversation(v, T0);
    const b = await f.conversation(v, T0 + 1000);
    const got = await store.getConversation(a);
    assert.match(got?.epoch ?? '', /^[\w-]{8,}$/, 'a new conversation has an epoch');
    assert.deepEqual(got, {
      id: a,
      visitorId: v,
      channel: 'web',
      state: 'bot',
      data: { bot: { flow: 'main' } },
      version: 1,
      lastSeq: 0,
      epoch: got?.epoch,
      createdAt: T0,
      updatedAt: T0,
      endedAt: null,
    });
    assert.equal((await store.getOpenConversation(v))?.id, b);
    await store.updateConversation(b, 1, { state: 'ended', endedAt: T0 + 2000, now: T0 + 2000 });
    assert.equal((await store.getOpenConversation(v))?.id, a);
    assert.equal(await store.getConversation(randomUUID()), undefined);
    const state = `queued-${randomUUID()}`;
    await store.updateConversation(a, 1, { state, now: T0 + 3 });
    assert.deepEqual(await store.listQuietConversations([state, 'no-such-state'], T0 + 3, { limit: 10 }), [a]);
    assert.deepEqual(
      await store.listQuietConversations([state], T0 + 2, { limit: 10 }),
      [],
      'updated after quietSince',
    );
    assert.deepEqual(await store.listQuietConversations([], T0 + 3, { limit: 10 }), []);
  });

  test('conversations: quiet ones are listed by id a page at a time', async () => {
    const { store } = f;
    const v = await f.visitor();
    const state = `idle-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await f.conversation(v, T0 + i);
      await store.updateConversation(id, 1, { state, now: T0 + 10 * i });
      ids.push(id);
    }
    const quiet = ids.slice(0, 4).sort();
    const first = await store.listQuietConversations([state], T0 + 30, { limit: 3 });
    assert.deepEqual(first, quiet.slice(0, 3));
    assert.deepEqual(await store.listQuietConversations([state], T0 + 30, { afterId: first[2], limit: 3 }), [quiet[3]]);
  });

  test('updateConversation is compare-and-set on version', async () => {
    const { store } = f;
    const c = await f.conversation();
    const next = await store.updateConversation(c, 1, {
      state: 'agent',
      data: { n: 1, nested: { list: [1, 'two'] } },
      now: T0 + 10,
    });
    assert.equal(next?.version, 2);
    assert.equal(next?.state, 'agent');
    assert.deepEqual(next?.data, { n: 1, nested: { list: [1, 'two'] } });
    assert.equal(next?.updatedAt, T0 + 10);
    assert.equal(
      await store.updateConversation(c, 1, { state: 'stale', now: T0 + 11 }),
      undefined,
      'stale version must conflict',
    );
    const [x, y] = await Promise.all([
      store.updateConversation(c, 2, { data: { winner: 'x' }, now: T0 + 12 }),
      store.updateConversation(c, 2, { data: { winner: 'y' }, now: T0 + 12 }),
    ]);
    assert.equal([x, y].filter(Boolean).length, 1, 'exactly one concurrent writer wins');
    const stored = await store.getConversation(c);
    assert.equal(stored?.version, 3);
    assert.equal(stored?.state, 'agent', 'fields not in the patch are kept');
    assert.deepEqual(stored?.data, (x ?? y)?.data);
  });
}

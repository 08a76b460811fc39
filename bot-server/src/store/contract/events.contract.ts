import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T0, type ContractFixture } from './fixture.js';

export function eventsContract(f: ContractFixture): void {
  test('events are an ordered audit trail', async () => {
    const { store } = f;
    const c = await f.conversation();
    await store.appendEvent({ conversationId: c, type: 'transition', data: { from: 'bot', to: 'queued' }, now: T0 });
    await store.appendEvent({ conversationId: c, type: 'cc', data: { position: 3 }, now: T0 });
    assert.deepEqual(await store.listEvents(c), [
      { type: 'transition', data: { from: 'bot', to: 'queued' }, createdAt: T0 },
      { type: 'cc', data: { position: 3 }, createdAt: T0 },
    ]);
  });
}

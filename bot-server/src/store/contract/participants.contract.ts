import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T0, type ContractFixture } from './fixture.js';

export function participantsContract(f: ContractFixture): void {
  test('participants join and leave', async () => {
    const { store } = f;
    const c = await f.conversation();
    await store.addParticipant({ conversationId: c, role: 'customer', externalId: null, name: null, now: T0 });
    await store.addParticipant({ conversationId: c, role: 'agent', externalId: '42', name: 'Dana', now: T0 + 1 });
    await store.addParticipant({ conversationId: c, role: 'supervisor', externalId: '7', name: 'Sam', now: T0 + 2 });
    await store.removeParticipant({ conversationId: c, role: 'agent', externalId: '42', now: T0 + 3 });
    await store.removeParticipant({ conversationId: c, role: 'customer', externalId: null, now: T0 + 4 });
    assert.deepEqual(await store.listParticipants(c), [
      { role: 'customer', externalId: null, name: null, joinedAt: T0, leftAt: T0 + 4 },
      { role: 'agent', externalId: '42', name: 'Dana', joinedAt: T0 + 1, leftAt: T0 + 3 },
      { role: 'supervisor', externalId: '7', name: 'Sam', joinedAt: T0 + 2, leftAt: null },
    ]);
  });
}

import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T0, type ContractFixture } from './fixture.js';

export function contactCenterSessionsContract(f: ContractFixture): void {
  test('contact-center sessions persist, upsert, list by provider and delete', async () => {
    const { store } = f;
    const c = await f.conversation();
    const provider = `aacc-${randomUUID()}`;
    const rec = {
      conversationId: c,
      provider,
      externalId: 'guid-1',
      secret: 'k3y',
      data: { participants: ['a'] },
      updatedAt: T0,
    };
    await store.saveContactCenterSession(rec);
    assert.deepEqual(await store.getContactCenterSession(c), rec);
    const moved = {
      ...rec,
      externalId: 'guid-2',
      data: { participants: ['a', 'b'], deadline: T0 + 5 },
      updatedAt: T0 + 9,
    };
    await store.saveContactCenterSession(moved);
    assert.deepEqual(await store.listContactCenterSessions(provider), [moved]);
    await store.deleteContactCenterSession(c);
    assert.equal(await store.getContactCenterSession(c), undefined);
    assert.deepEqual(await store.listContactCenterSessions(provider), []);
  });
}

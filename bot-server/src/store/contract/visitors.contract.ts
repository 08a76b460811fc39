import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T0, type ContractFixture } from './fixture.js';

export function visitorsContract(f: ContractFixture): void {
  test('visitors: create, find by token hash, token hash is unique', async () => {
    const { store } = f;
    const id = randomUUID();
    const rec = await store.createVisitor({ id, tokenHash: `h-${id}`, locale: 'fr-CA', now: T0 + 5 });
    assert.deepEqual(rec, { id, locale: 'fr-CA', createdAt: T0 + 5 });
    assert.deepEqual(await store.getVisitorByTokenHash(`h-${id}`), rec);
    assert.equal(await store.getVisitorByTokenHash('nope'), undefined);
    await assert.rejects(store.createVisitor({ id: randomUUID(), tokenHash: `h-${id}`, locale: null, now: T0 }));
  });

  test('customer details: set, overwrite, read', async () => {
    const { store } = f;
    const v = await f.visitor();
    assert.deepEqual(await store.getDetails(v), {});
    await store.setDetails(v, { name: 'Ada', phone: '+14155550100' }, T0);
    await store.setDetails(v, { phone: '+442071838750', email: 'ada@example.com' }, T0 + 1);
    await store.setDetails(v, {}, T0 + 2);
    assert.deepEqual(await store.getDetails(v), { name: 'Ada', phone: '+442071838750', email: 'ada@example.com' });
  });
}

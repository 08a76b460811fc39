import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Content } from '@parley/protocol';
import { isParleyError } from '../../errors.js';
import { T0, type ContractFixture } from './fixture.js';

const label = (p: { messages: Array<{ content: Content }> }) =>
  p.messages.map((m) => (m.content.type === 'text' ? m.content.text : '?'));

export function historyContract(f: ContractFixture): void {
  test('listMessagesAfter replays after a seq, ascending, bounded by limit', async () => {
    const { store } = f;
    const c = await f.conversation();
    for (let i = 1; i <= 5; i++) await f.say(c, `m${i}`, { author: { role: 'bot' }, now: T0 + i });
    assert.deepEqual(
      (await store.listMessagesAfter(c, 2, 2)).map((m) => m.seq),
      [3, 4],
    );
    assert.deepEqual(
      (await store.listMessagesAfter(c, 2, 100)).map((m) => m.seq),
      [3, 4, 5],
    );
    assert.deepEqual(await store.listMessagesAfter(c, 5, 100), []);
    assert.deepEqual(
      (await store.listMessagesAfter(c, 0, 1)).map((m) => m.seq),
      [1],
    );
  });

  test('listVisitorHistory pages newest-first across conversations, each page oldest-first', async () => {
    const { store } = f;
    const v = await f.visitor();
    const older = await f.conversation(v, T0);
    const newer = await f.conversation(v, T0 + 10_000);
    const stranger = await f.conversation(undefined, T0 + 5_000);
    for (let i = 1; i <= 3; i++) await f.say(older, `A${i}`, { now: T0 + i });
    for (let i = 1; i <= 4; i++) await f.say(newer, `B${i}`, { now: T0 + 10_000 + i });
    await f.say(stranger, 'X', { now: T0 + 5_001 });
    const p1 = await store.listVisitorHistory(v, undefined, 3);
    assert.deepEqual(label(p1), ['B2', 'B3', 'B4']);
    assert.ok(p1.before);
    const p2 = await store.listVisitorHistory(v, p1.before, 3);
    assert.deepEqual(label(p2), ['A2', 'A3', 'B1']);
    const p3 = await store.listVisitorHistory(v, p2.before, 3);
    assert.deepEqual(label(p3), ['A1']);
    assert.equal(p3.before, undefined);
    const whole = await store.listVisitorHistory(v, undefined, 50);
    assert.deepEqual(label(whole), ['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'B4']);
    assert.equal(whole.before, undefined);
    assert.deepEqual(await store.listVisitorHistory(await f.visitor(), undefined, 10), { messages: [] });
    for (const bad of ['!!', 'bm90IGpzb24', Buffer.from('[1,2]').toString('base64url')]) {
      await assert.rejects(
        store.listVisitorHistory(v, bad, 3),
        (err) => isParleyError(err) && err.code === 'PARLEY_ERR_VALIDATION',
      );
    }
  });
}

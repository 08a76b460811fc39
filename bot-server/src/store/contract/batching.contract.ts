/**
 * Group commit across a turn's statements (group-commit.ts): the writes of many conversations submitted in one
 * event-loop turn share a transaction, yet each keeps its own outcome. A version conflict or a failing statement
 * answers its own caller only; everything else of the batch is written.
 */
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isParleyError } from '../../errors.js';
import { T0, text, type ContractFixture } from './fixture.js';

export function batchingContract(f: ContractFixture): void {
  test('a version conflict inside a batch fails only its own turn: the other turns of the batch are written', async () => {
    const s = f.store;
    const [a, b, c] = await Promise.all([f.conversation(), f.conversation(), f.conversation()]);
    // One turn each, submitted in the same event-loop turn: conversation update, bot reply and audit event.
    const turn = (id: string, version: number) =>
      Promise.all([
        s.updateConversation(id, version, { data: { bot: { step: id } }, now: T0 + 1 }),
        s.appendMessage({
          conversationId: id,
          author: { role: 'bot' },
          content: text(`to ${id}`),
          channel: 'web',
          now: T0 + 1,
        }),
        s.appendEvent({ conversationId: id, type: 'state', data: { turn: id }, now: T0 + 1 }),
      ]);
    const [ta, tb, tc] = await Promise.all([turn(a, 1), turn(b, 7), turn(c, 1)]);

    assert.equal(ta[0]?.version, 2);
    assert.equal(tb[0], undefined, 'stale version: a conflict, answered to its own turn');
    assert.equal(tc[0]?.version, 2);
    assert.deepEqual(
      (await s.getConversation(b))?.data,
      { bot: { flow: 'main' } },
      'the conflicting update wrote nothing',
    );
    for (const [id, t] of [
      [a, ta],
      [b, tb],
      [c, tc],
    ] as const) {
      assert.equal(t[1].message.seq, 1);
      assert.deepEqual(
        (await s.listMessages(id)).map((m) => m.content),
        [text(`to ${id}`)],
      );
      assert.deepEqual(
        (await s.listEvents(id)).map((e) => e.data),
        [{ turn: id }],
      );
    }
  });

  test('a failing statement inside a batch fails alone: the writes batched with it are committed', async () => {
    const s = f.store;
    const visitorId = await f.visitor();
    const [ok, orphan] = [randomUUID(), randomUUID()];
    const conv = await f.conversation();
    const results = await Promise.allSettled([
      s.createConversation({ id: ok, visitorId, channel: 'web', state: 'bot', data: {}, now: T0 }),
      // No such visitor: a foreign-key violation in the middle of the batch.
      s.createConversation({ id: orphan, visitorId: randomUUID(), channel: 'web', state: 'bot', data: {}, now: T0 }),
      s.updateConversation(conv, 1, { state: 'agent', now: T0 + 1 }),
      s.appendEvent({ conversationId: conv, type: 'state', data: { to: 'agent' }, now: T0 + 1 }),
      s.setDetails(visitorId, { name: 'Ada' }, T0),
    ]);

    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    assert.equal((await s.getConversation(ok))?.visitorId, visitorId);
    assert.equal(await s.getConversation(orphan), undefined);
    assert.equal((await s.getConversation(conv))?.state, 'agent');
    assert.equal((await s.listEvents(conv)).length, 1);
    assert.deepEqual(await s.getDetails(visitorId), { name: 'Ada' });
  });

  test("an append to an unknown conversation fails alone among other conversations' turns", async () => {
    const s = f.store;
    const conv = await f.conversation();
    const [update, missing, reply] = await Promise.allSettled([
      s.updateConversation(conv, 1, { data: { turned: true }, now: T0 + 1 }),
      f.say(randomUUID(), 'nobody'),
      f.say(conv, 'hello', { author: { role: 'bot' } }),
    ]);
    assert.equal(update.status === 'fulfilled' && update.value?.version, 2);
    assert.ok(
      missing.status === 'rejected' && isParleyError(missing.reason) && missing.reason.code === 'PARLEY_ERR_NOT_FOUND',
    );
    assert.equal(reply.status === 'fulfilled' && reply.value.message.seq, 1);
  });
}

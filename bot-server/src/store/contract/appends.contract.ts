import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Content } from '@parley/protocol';
import { isParleyError } from '../../errors.js';
import { T0, text, type ContractFixture } from './fixture.js';

const isNotFound = (err: unknown) => isParleyError(err) && err.code === 'PARLEY_ERR_NOT_FOUND';

export function appendsContract(f: ContractFixture): void {
  test('appendMessage assigns seq 1, 2, 3 and the message round-trips', async () => {
    const { store } = f;
    const c = await f.conversation();
    const carousel: Content = {
      type: 'carousel',
      items: [
        {
          title: 'Plan A',
          subtitle: 'ünïcødé ✓',
          imageUrl: 'https://example.com/a.png',
          actions: [{ type: 'postback', label: 'Pick', payload: 'plan_a' }],
        },
      ],
    };
    const r1 = await f.say(c, 'hello', { clientMsgId: 'c-1', now: T0 + 1 });
    const r2 = await store.appendMessage({
      conversationId: c,
      author: { role: 'bot', id: 'parley', name: 'Parley' },
      content: carousel,
      channel: 'web',
      now: T0 + 2,
    });
    const r3 = await f.say(c, 'hi', { author: { role: 'agent', id: 'a7', name: 'Dana' }, now: T0 + 3 });
    assert.deepEqual(
      [r1, r2, r3].map((r) => [r.message.seq, r.duplicate]),
      [
        [1, false],
        [2, false],
        [3, false],
      ],
    );
    assert.deepEqual(r1.message, {
      id: r1.message.id,
      conversationId: c,
      seq: 1,
      clientMsgId: 'c-1',
      author: { role: 'customer' },
      content: text('hello'),
      channel: 'web',
      createdAt: T0 + 1,
    });
    const all = await store.listMessages(c);
    assert.deepEqual(all, [r1.message, r2.message, r3.message]);
    assert.deepEqual(all[1]?.content, carousel);
    assert.deepEqual(all[2]?.author, { role: 'agent', id: 'a7', name: 'Dana' });
    const conv = await store.getConversation(c);
    assert.equal(conv?.lastSeq, 3);
    assert.equal(conv?.version, 1, 'appends do not bump the CAS version');
  });

  test('appendMessage is idempotent on (conversation, clientMsgId)', async () => {
    const { store } = f;
    const c = await f.conversation();
    const other = await f.conversation();
    const first = await f.say(c, 'one', { clientMsgId: 'same' });
    const again = await f.say(c, 'one', { clientMsgId: 'same', now: T0 + 50 });
    assert.equal(again.duplicate, true);
    assert.deepEqual(again.message, first.message, 'the stored original is returned');
    const elsewhere = await f.say(other, 'one', { clientMsgId: 'same' });
    assert.equal(elsewhere.duplicate, false, 'ids are scoped to their conversation');
    assert.equal((await store.listMessages(c)).length, 1);
    assert.equal((await store.getConversation(c))?.lastSeq, 1, 'a duplicate consumes no seq');
  });

  test('appendMessage to an unknown conversation fails with NOT_FOUND and writes nothing', async () => {
    const ghost = randomUUID();
    await assert.rejects(f.say(ghost, 'x'), isNotFound);
    assert.deepEqual(await f.store.listMessages(ghost), []);
  });

  test('200 concurrent appends (with duplicated ids) get seqs 1..N with no gaps or duplicates', async () => {
    const { store, writers } = f;
    const c = await f.conversation();
    const unique = 200;
    const attempts = Array.from({ length: unique }, (_, i) => i).flatMap((i) => (i % 4 === 0 ? [i, i] : [i]));
    const results = await Promise.all(
      attempts.map((i, n) => f.say(c, `msg ${i}`, { clientMsgId: `m-${i}`, now: T0 + i }, writers[n % writers.length])),
    );
    const messages = await store.listMessages(c);
    assert.deepEqual(
      messages.map((m) => m.seq),
      Array.from({ length: unique }, (_, i) => i + 1),
    );
    assert.equal(new Set(messages.map((m) => m.clientMsgId)).size, unique);
    assert.equal(results.filter((r) => r.duplicate).length, attempts.length - unique);
    for (const r of results) {
      const stored = messages.find((m) => m.clientMsgId === r.message.clientMsgId);
      assert.equal(r.message.seq, stored?.seq, "duplicates report the winner's seq");
    }
    assert.equal((await store.getConversation(c))?.lastSeq, unique);
  });

  test('concurrent appends across many conversations keep every conversation contiguous', async () => {
    const { store, writers } = f;
    const conversations = await Promise.all(Array.from({ length: 20 }, () => f.conversation()));
    await Promise.all(
      Array.from({ length: 400 }, (_, n) =>
        f.say(
          conversations[(n * 7) % conversations.length]!,
          `n${n}`,
          { clientMsgId: `x-${n}`, now: T0 + n },
          writers[n % writers.length],
        ),
      ),
    );
    for (const c of conversations) {
      const messages = await store.listMessages(c);
      assert.deepEqual(
        messages.map((m) => m.seq),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const order = messages.map((m) => Number(m.clientMsgId!.slice(2)));
      if (writers.length === 1)
        assert.deepEqual(
          order,
          [...order].sort((a, b) => a - b),
          'one instance keeps arrival order',
        );
      assert.equal((await store.getConversation(c))?.lastSeq, 20);
    }
  });

  test('one bad append in a concurrent batch fails alone; the others are written', async () => {
    const c = await f.conversation();
    const ghost = randomUUID();
    const settled = await Promise.allSettled([
      f.say(c, '1', { clientMsgId: 'ok-1' }),
      f.say(ghost, 'x', { clientMsgId: 'ok-1' }),
      f.say(ghost, 'x', { clientMsgId: 'ok-1' }),
      f.say(c, '2', { author: { role: 'bot' } }),
    ]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    for (const s of settled) if (s.status === 'rejected') assert.ok(isNotFound(s.reason));
    assert.deepEqual(
      (await f.store.listMessages(c)).map((m) => m.seq),
      [1, 2],
    );
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { at, harness, type Harness } from '../testing/harness.js';

const text = (n: number, metadata?: Record<string, string>) => ({
  role: 'appMaker',
  type: 'text',
  text: `m${n}`,
  ...(metadata ? { metadata } : {}),
});

describe('message lists, metadata and the reset switch', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test("a message's metadata is stored and listed back, in both versions", async () => {
    const c = h.sim.control.createCustomer({ channel: 'messenger', name: 'Meta Data' });
    const v1 = await h.api('POST', `appusers/${c.id}/messages`, text(1, { parleyMessageId: 'p-1' }));
    assert.equal(v1.status, 201);
    const v2 = await h.api(
      'POST',
      `conversations/${c.conversationId}/messages`,
      { author: { type: 'business' }, content: { type: 'text', text: 'two' }, metadata: { parleyMessageId: 'p-2' } },
      'v2',
    );
    assert.equal(v2.status, 201);
    const listed1 = await h.api('GET', `appusers/${c.id}/messages`);
    assert.deepEqual(
      (at(listed1.body, 'messages') as Array<{ metadata?: unknown }>).map((m) => m.metadata),
      [{ parleyMessageId: 'p-1' }, { parleyMessageId: 'p-2' }],
    );
    const listed2 = await h.api('GET', `conversations/${c.conversationId}/messages`, undefined, 'v2');
    assert.deepEqual(
      (at(listed2.body, 'messages') as Array<{ metadata?: unknown }>).map((m) => m.metadata),
      [{ parleyMessageId: 'p-1' }, { parleyMessageId: 'p-2' }],
    );
    assert.deepEqual(at(listed2.body, 'meta'), { hasMore: false });
  });

  test('pages of 100: the latest by default; v2 pages back by cursor, v1.1 by timestamp', async () => {
    const c = h.sim.control.createCustomer({ channel: 'twitter', name: 'Many Messages' });
    for (let i = 0; i < 130; i++) assert.equal((await h.api('POST', `appusers/${c.id}/messages`, text(i))).status, 201);
    const texts = (body: unknown) =>
      (at(body, 'messages') as Array<{ text?: string; content?: { text?: string } }>).map(
        (m) => m.text ?? m.content?.text,
      );
    const latest = await h.api('GET', `conversations/${c.conversationId}/messages`, undefined, 'v2');
    assert.deepEqual(
      texts(latest.body),
      Array.from({ length: 100 }, (_, i) => `m${i + 30}`),
    );
    assert.equal(at(latest.body, 'meta', 'hasMore'), true);
    const cursor = at(latest.body, 'meta', 'beforeCursor') as string;
    const older = await h.api(
      'GET',
      `conversations/${c.conversationId}/messages?page[before]=${cursor}`,
      undefined,
      'v2',
    );
    assert.deepEqual(
      texts(older.body),
      Array.from({ length: 30 }, (_, i) => `m${i}`),
    );
    assert.equal(at(older.body, 'meta', 'hasMore'), false);
    const both = await h.api(
      'GET',
      `conversations/${c.conversationId}/messages?page[before]=${cursor}&page[after]=${cursor}`,
      undefined,
      'v2',
    );
    assert.equal(both.status, 400);
    const v1 = await h.api('GET', `appusers/${c.id}/messages`);
    assert.equal(texts(v1.body).length, 100);
    assert.equal(texts(v1.body)[0], 'm30');
    const first = (at(v1.body, 'messages') as Array<{ received: number }>)[0]!.received;
    const before = await h.api('GET', `appusers/${c.id}/messages?before=${first}`);
    assert.ok(texts(before.body).every((t) => t !== 'm30' && Number(t?.slice(1)) < 30));
  });

  for (const [version, post] of [
    ['v1.1', (c: { id: string }) => h.api('POST', `appusers/${c.id}/messages`, text(7, { parleyMessageId: 'r-1' }))],
    [
      'v2',
      (c: { conversationId: string }) =>
        h.api(
          'POST',
          `conversations/${c.conversationId}/messages`,
          { author: { type: 'business' }, content: { type: 'text', text: 'm7' }, metadata: { parleyMessageId: 'r-1' } },
          'v2',
        ),
    ],
  ] as const) {
    test(`${version} reset switch: no answer; after-store keeps and delivers the message, before-store does not`, async () => {
      const c = h.sim.control.createCustomer({ channel: 'messenger', name: 'Reset Me' });
      // Within Messenger's 24 hours, so that the stored message is delivered.
      h.sim.control.say(c.id, 'hello');
      const stored = () => h.sim.control.customer(c.id).messages.filter((m) => m.role === 'appMaker');
      h.sim.control.reset('before-store');
      await assert.rejects(post(c));
      assert.equal(stored().length, 0, 'nothing stored');
      h.sim.control.reset('after-store');
      await assert.rejects(post(c));
      assert.deepEqual(
        stored().map((m) => m.metadata),
        [{ parleyMessageId: 'r-1' }],
        'stored with its metadata',
      );
      assert.equal(h.sim.control.received(c.id).length, 1, 'and delivered to the app');
      assert.equal(h.sim.control.faults().reset, undefined, 'once only');
      assert.equal((await post(c)).status, 201, 'the next post is answered');
    });
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message, ServerFrame } from '@parley/protocol';
import { CatchUp, type CommittedLog } from './catch-up.js';
import { InOrder } from './in-order.js';
import { MemoryFanout } from './memory.js';

const message = (seq: number): Message => ({
  id: `m${seq}`,
  conversationId: 'c',
  seq,
  author: { role: 'bot' },
  content: { type: 'text', text: `text ${seq}` },
  createdAt: seq,
});
const frame = (seq: number): ServerFrame => ({ type: 'message', message: message(seq) });
/** Any read or pass failure fails the test. */
const fail = (err: unknown): never => assert.fail(String(err));
const seqsOf = (frames: ServerFrame[]) => frames.map((f) => (f.type === 'message' ? f.message.seq : f.type));

/** A committed log of `head` messages; `reads` records every read's afterSeq. */
function log(head: () => number, reads: number[] = []): CommittedLog {
  return {
    getConversation: (id) =>
      Promise.resolve({
        id,
        visitorId: 'v',
        channel: 'web',
        state: 'with_agent',
        data: {},
        version: 1,
        lastSeq: head(),
        epoch: 'e',
        createdAt: 0,
        updatedAt: 0,
        endedAt: null,
      }),
    lastSeqs: (ids) => Promise.resolve(new Map(ids.map((id) => [id, head()]))),
    listMessagesAfter: (_id, after, limit) => {
      reads.push(after);
      const out: Message[] = [];
      for (let s = after + 1; s <= Math.min(head(), after + limit); s++) out.push(message(s));
      return Promise.resolve(out);
    },
  };
}

describe('InOrder', () => {
  test('the next seq goes out at once, older ones are dropped, non-messages pass', () => {
    const out: ServerFrame[] = [];
    const order = new InOrder(
      2,
      () => Promise.reject(new Error('no read expected')),
      (f) => out.push(f),
      fail,
    );
    for (const f of [frame(1), frame(2), frame(3), { type: 'pong', serverTime: 0 } as const, frame(3), frame(4)])
      order.push(f);
    assert.deepEqual(seqsOf(out), [3, 'pong', 4]);
  });

  test('a gap is read from the store before the frame after it, and frames meanwhile wait', async () => {
    const out: ServerFrame[] = [];
    const reads: number[] = [];
    const committed = log(() => 7, reads);
    let release = () => {};
    const gate = new Promise<void>((ok) => (release = ok));
    const order = new InOrder(
      1,
      async (after) => {
        await gate;
        return committed.listMessagesAfter('c', after, 100);
      },
      (f) => out.push(f),
      fail,
    );
    order.push(frame(5));
    order.push({ type: 'typing', author: { role: 'agent' }, active: true });
    order.push(frame(6));
    assert.deepEqual(out, [], 'nothing shown before the gap is filled');
    release();
    await gate;
    await new Promise<void>((ok) => setImmediate(ok));
    assert.deepEqual(seqsOf(out), [2, 3, 4, 5, 6, 7, 'typing']);
    assert.deepEqual(reads, [1]);
    assert.equal(order.lastSeq, 7);
  });

  test('a frame still ahead of the store after a read is dropped, not read again', async () => {
    const out: ServerFrame[] = [];
    const reads: number[] = [];
    const committed = log(() => 3, reads);
    const order = new InOrder(
      1,
      (a) => committed.listMessagesAfter('c', a, 100),
      (f) => out.push(f),
      fail,
    );
    order.push(frame(9));
    await new Promise<void>((ok) => setImmediate(ok));
    assert.deepEqual(seqsOf(out), [2, 3]);
    assert.deepEqual(reads, [1]);
  });
});

describe('CatchUp', () => {
  test('delivers the newest committed message of a served conversation the instance has not seen', async () => {
    const local = new MemoryFanout();
    const got: ServerFrame[] = [];
    local.subscribe('c', (f) => got.push(f));
    let head = 4;
    const catchUp = new CatchUp(
      local,
      log(() => head),
      60_000,
      fail,
    );
    try {
      catchUp.deliver('c', frame(4));
      await catchUp.run();
      assert.deepEqual(seqsOf(got), [4], 'up to date: nothing more');
      head = 6;
      await catchUp.run();
      assert.deepEqual(seqsOf(got), [4, 6, 'conversation.view'], 'the newest message, then the current view');
      await catchUp.run();
      assert.equal(got.length, 3, 'once');
      await catchUp.run(true);
      assert.deepEqual(
        got.slice(3),
        [
          { type: 'conversation.view', view: { status: 'with_agent' } },
          { type: 'typing', author: { role: 'agent' }, active: false },
        ],
        'Redis is back: the current view, and nobody typing (a lost "stopped typing" would stick otherwise)',
      );
    } finally {
      catchUp.stop();
    }
  });
});

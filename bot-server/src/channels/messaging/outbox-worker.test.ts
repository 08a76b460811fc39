import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import type { OutboxRecord } from '../../domain/messaging-ports.js';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import { openStore, type KyselyStore } from '../../store/index.js';
import type { ClientResult, Sent, SunshineClient } from '../sunshine/client.js';
import { ClaimedKeys } from './claimed-keys.js';
import { OutboxWorker } from './outbox-worker.js';

/** Time moves only when the test says; timers due by then fire in order. */
class ManualClock implements Clock {
  private t = 1_700_000_000_000;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private seq = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.push({ at: this.t + ms, fn, id });
    return id as unknown as TimerHandle;
  }
  clearTimeout(h: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== (h as unknown as number));
  }
  /** The earliest pending timer's time, to jump to it. */
  get next(): number | undefined {
    return this.timers.reduce<number | undefined>((m, t) => (m === undefined || t.at < m ? t.at : m), undefined);
  }
  advanceTo(at: number): void {
    this.t = at;
    const due = this.timers.filter((t) => t.at <= at).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > at);
    for (const t of due) t.fn();
  }
}

describe('outbox worker', () => {
  let store: KyselyStore;
  before(async () => {
    store = await openStore(
      { DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' },
      pino({ level: 'silent' }),
    );
  });
  after(() => store.close());

  test('in order per conversation; 503 and 429 retried (Retry-After honoured), 400 failed and reported; none doubled', async () => {
    const clock = new ManualClock();
    const answers: Array<ClientResult<Sent>> = [
      { kind: 'retryable', reason: 'HTTP 503' },
      { kind: 'retryable', reason: 'HTTP 429', retryAfterMs: 7000 },
      { kind: 'ok', value: { messageIds: ['m1'] } },
      { kind: 'ok', value: { messageIds: ['m2'] } },
      { kind: 'permanent', reason: 'HTTP 400 bad_request' },
    ];
    const sent: unknown[] = [];
    const client: SunshineClient = {
      version: 'v2',
      sendMessage: (_to, body) => {
        sent.push(body);
        return Promise.resolve(answers.shift() ?? { kind: 'permanent', reason: 'unexpected' });
      },
      findMessage: () => Promise.reject(new Error('no attempt was unanswered: nothing to look for')),
      activity: () => Promise.resolve({ kind: 'ok', value: undefined }),
    };
    const failed: Array<{ row: OutboxRecord; reason: string }> = [];
    const worker = new OutboxWorker({
      store,
      client,
      clock,
      logger: pino({ level: 'silent' }),
      random: () => 0.5,
      onFailed: (row, reason) => {
        failed.push({ row, reason });
        return Promise.resolve();
      },
    });
    const address = { userId: 'u1', conversationId: 'c1' };
    await store.enqueueOutbox(
      ['one', 'two', 'three'].map((text, i) => ({
        key: `k:${i}`,
        conversationId: 'conv',
        address,
        body: { text },
        now: clock.now(),
      })),
    );
    worker.kick();
    await worker.idle();
    assert.deepEqual(sent, [{ text: 'one' }], 'the head waits after a 503; the others wait behind it');
    const firstRetry = clock.next;
    assert.ok(firstRetry !== undefined && firstRetry - clock.now() <= 500, 'first backoff within its 500 ms ceiling');
    clock.advanceTo(firstRetry);
    await worker.idle();
    assert.equal(sent.length, 2);
    const afterRetryAfter = clock.next;
    assert.ok(afterRetryAfter !== undefined && afterRetryAfter - clock.now() >= 7000, 'Retry-After honoured');
    clock.advanceTo(afterRetryAfter);
    await worker.idle();
    assert.deepEqual(sent.slice(2), [{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    assert.deepEqual(
      failed.map((f) => [f.row.body, f.reason]),
      [[{ text: 'three' }, 'HTTP 400 bad_request']],
    );
    assert.equal((await store.getOutboxByExternalId('m2'))?.body.text, 'two');
    assert.deepEqual(await store.listPendingOutbox(10), []);
    await worker.close();
  });

  test("a conversation taken from an instance that stopped mid-send: its body is looked for first, a released one's is posted", async () => {
    const clock = new ManualClock();
    const logger = pino({ level: 'silent' });
    const [lapsed, released] = ['conv-lapsed', 'conv-released'];
    // The aggregator already holds the lapsed conversation's body: its owner posted it, then stopped before marking it.
    const onAggregator = new Map([[`${lapsed}:0`, 'already-there']]);
    const looked: string[] = [];
    const posted: string[] = [];
    const client: SunshineClient = {
      version: 'v2',
      sendMessage: (_to, _body, key) => {
        posted.push(key ?? '');
        return Promise.resolve({ kind: 'ok', value: { messageIds: [`new-${key}`] } });
      },
      findMessage: (_to, key) => {
        looked.push(key);
        const id = onAggregator.get(key);
        return Promise.resolve({ kind: 'ok', value: { messageIds: id ? [id] : [] } });
      },
      activity: () => Promise.resolve({ kind: 'ok', value: undefined }),
    };
    const address = { userId: 'u2', conversationId: 'c2' };
    await store.enqueueOutbox(
      [lapsed, released].map((conversationId) => ({
        key: `${conversationId}:0`,
        conversationId,
        address,
        body: { text: conversationId },
        now: clock.now(),
      })),
    );
    // Instance "gone" held both; it let one go (a graceful hand-over) and its claim on the other lapsed.
    await store.claimMessagingKeys('outbox', [lapsed], 'gone', -1000);
    await store.claimMessagingKeys('outbox', [released], 'gone', 60_000);
    await store.releaseMessagingClaims('outbox', [released], 'gone');
    const claims = new ClaimedKeys({
      queue: 'outbox',
      store,
      owner: 'survivor',
      clock,
      logger,
      timings: { ttlMs: 9000, renewMs: 3000, pollMs: 500 },
    });
    const worker = new OutboxWorker({ store, client, clock, logger, claims, onFailed: () => Promise.resolve() });
    worker.kick();
    await worker.idle();
    assert.deepEqual(looked, [`${lapsed}:0`], 'only the body whose sender stopped mid-send is looked for');
    assert.deepEqual(posted, [`${released}:0`], 'found on the aggregator: not posted a second time');
    assert.equal((await store.getOutboxByExternalId('already-there'))?.conversationId, lapsed, 'marked sent as found');
    assert.deepEqual(await store.listPendingOutbox(10), []);
    await worker.close();
  });
});

/**
 * Two RedisFanout instances stand for two servers. Needs PARLEY_TEST_REDIS_URL; each run uses its
 * own channel prefix so parallel runs never see each other's frames.
 */
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerFrame } from '@parley/protocol';
import { Redis } from 'ioredis';
import { RedisFanout } from './redis.js';

const url = process.env.PARLEY_TEST_REDIS_URL;
const typing = (name: string): ServerFrame => ({ type: 'typing', author: { role: 'agent', name }, active: true });

/** Collects what a listener receives; `count(n)` resolves at the n-th item and fails the test after a deadline. */
class Inbox<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<() => void>();

  readonly push = (item: T): void => {
    this.items.push(item);
    for (const wake of [...this.waiters]) wake();
  };

  count(n: number, what: string, timeoutMs = 10_000): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.items.length < n) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.items);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.items)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

describe(
  'RedisFanout',
  { skip: url ? false : 'PARLEY_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)' },
  () => {
    const prefix = `parley-test:${randomBytes(6).toString('hex')}:`;
    let one: RedisFanout;
    let two: RedisFanout;
    let raw: Redis;
    before(() => {
      one = new RedisFanout({ url: url!, channelPrefix: prefix });
      two = new RedisFanout({ url: url!, channelPrefix: prefix });
      raw = new Redis(url!);
    });
    after(async () => {
      await Promise.all([one.close(), two.close(), raw.quit()]);
    });

    test('a frame published on one instance reaches the other instance once, and local listeners once', async () => {
      const onOne = new Inbox<ServerFrame>();
      const onTwo = new Inbox<ServerFrame>();
      const offOne = one.subscribe('conv-a', onOne.push);
      const offTwo = two.subscribe('conv-a', (f) => {
        onTwo.push(f);
        if (onTwo.items.length === 1) two.publish('conv-a', typing('sentinel'));
      });
      await Promise.all([one.ready('conv-a'), two.ready('conv-a')]);
      one.publish('conv-a', typing('Dana'));
      // Instance one sees the sentinel only after Redis delivered (and it skipped) its own echo.
      assert.deepEqual(await onOne.count(2, 'sentinel on instance one'), [typing('Dana'), typing('sentinel')]);
      assert.deepEqual(onTwo.items, [typing('Dana'), typing('sentinel')]);
      offOne();
      offTwo();
    });

    test('channels are subscribed only while a local listener exists', async () => {
      const channel = `${prefix}conv-b`;
      const count = async () => Number(((await raw.pubsub('NUMSUB', channel)) as [string, number])[1]);
      const offA = two.subscribe('conv-b', () => undefined);
      const offB = two.subscribe('conv-b', () => undefined);
      await two.ready('conv-b');
      assert.equal(await count(), 1, 'one Redis subscription per instance, however many sockets');
      offA();
      assert.equal(await count(), 1);
      offB();
      await two.ready('conv-b');
      assert.equal(await count(), 0, 'the last listener leaving unsubscribes the channel');
    });

    test('malformed envelopes and invalid frames from Redis are dropped, valid ones delivered', async () => {
      const got = new Inbox<ServerFrame>();
      const warnings: string[] = [];
      const three = new RedisFanout({
        url: url!,
        channelPrefix: prefix,
        logger: { warn: (_o, msg) => warnings.push(msg) },
      });
      try {
        three.subscribe('conv-c', got.push);
        await three.ready('conv-c');
        const channel = `${prefix}conv-c`;
        await raw.publish(channel, 'no separator');
        await raw.publish(channel, 'other\n{"type":"message","message":{"evil":true}}');
        await raw.publish(channel, 'other\n{not json');
        await raw.publish(channel, `other\n${JSON.stringify(typing('ok'))}`);
        // Redis delivers a channel's messages in publish order: the valid one comes after the bad ones.
        assert.deepEqual(await got.count(1, 'the valid frame'), [typing('ok')]);
        assert.equal(warnings.length, 2, 'one warning per kind (malformed, invalid) per interval, not one per frame');
      } finally {
        await three.close();
      }
    });

    test('after Redis drops the connections, subscriptions come back and frames flow again, never doubled', async () => {
      const got = new Inbox<string>();
      const off = two.subscribe('conv-d', (f) => got.push(f.type === 'typing' ? (f.author.name ?? '') : f.type));
      await two.ready('conv-d');
      const clients = String(await raw.client('LIST'));
      const ids = clients
        .split('\n')
        .filter(
          (line) =>
            line.includes(`name=parley-fanout-sub:${two.instanceId}`) ||
            line.includes(`name=parley-fanout-pub:${one.instanceId}`),
        )
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1]);
      assert.equal(ids.length, 2, 'both connections found by name');
      for (const id of ids) await raw.client('KILL', 'ID', id!);
      // Both connections reconnected, and two's channel re-subscribed.
      await Promise.all([one.ready('conv-d'), two.ready('conv-d')]);
      one.publish('conv-d', typing('after'));
      assert.deepEqual(await got.count(1, 'a frame after the reconnect', 15_000), ['after'], 'frames flow again');
      // Published after it on the same connection, the sentinel arrives after any second copy would have.
      one.publish('conv-d', typing('sentinel'));
      assert.deepEqual(await got.count(2, 'the sentinel'), ['after', 'sentinel'], 'no frame delivered twice');
      off();
    });
  },
);

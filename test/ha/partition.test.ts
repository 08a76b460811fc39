/**
 * A partitioned owner on the README's HA deployment (scripts/cluster.mjs): p2, which owns some escalated chats, is cut
 * off from PostgreSQL while it keeps running (and keeps its sockets to AACC). It must give up its leases and close its
 * sockets before another instance can take them (never two upstream sockets for one chat), the chats go on on p1 and p3 with
 * nothing lost or doubled, and when the partition heals p2 owns nothing and opens no socket: its stale token is
 * refused (fencing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { agentSaw, customerGot, escalate, inBatches, reconnect, type Chat } from './support/chats.js';
import { HaHarness, skipHa, until } from './support/harness.js';

const CHATS = 10;

describe('HA: an owner cut off from the database', { skip: skipHa, timeout: 240_000 }, () => {
  let h: HaHarness;
  let chats: Chat[] = [];
  before(async () => (h = await HaHarness.start()));
  after(async () => h?.stop(chats));

  test('a partitioned owner loses its leases, stops its sockets before the takeover, and cannot come back', async () => {
    const p2 = h.cluster.instances[1];
    assert.ok(p2);
    // The customers' widgets reached p2, so p2 owns their chats.
    chats = await inBatches(
      Array.from({ length: CHATS }, (_, i) => i),
      10,
      (i) => escalate(h.sim, p2.wsUrl, h.cluster.url, i),
    );
    const start = await h.owners();
    const mine = chats;
    assert.ok(
      mine.every((c) => HaHarness.ownerOf(start, c) === 'p2'),
      'p2 owns every chat',
    );
    const cutAt = performance.now();
    h.proxy.block();
    h.proxy.drop();

    await until(
      'p1 and p3 own every chat',
      async () => [...(await h.owners()).values()].every((o) => o.owner !== 'p2'),
      30_000,
    );
    await until(
      "p2's chats resumed elsewhere",
      () =>
        h.watch
          .resumedAfter(
            mine.map((c) => c.guid),
            cutAt,
          )
          .every((t) => t !== undefined),
      10_000,
    );
    assert.deepEqual(h.watch.twoSockets, [], 'p2 let go of each socket before another instance resumed it');
    assert.match(p2.output(), /session lease lost; letting the session go/);

    // Messages both ways on p2's former chats, through HAProxy (p2 has no database, HAProxy takes it out).
    await until(
      'HAProxy takes p2 out (no database: /health answers 503)',
      async () => (await h.cluster.backend())['p2'] === 'DOWN',
    );
    for (const c of mine) {
      await reconnect(c, h.cluster.wsUrl, h.cluster.url);
      await c.customer.say(`cust ${c.index} 4`, `cust-${c.index}-4`);
      await h.sim.control.say(c.agentId, c.contactId, `agent ${c.index} 4`);
    }
    await until('round 4 delivered', async () => {
      for (const c of mine) {
        if (!agentSaw(h.sim, c.contactId, `cust ${c.index} `).includes(`cust ${c.index} 4`)) return false;
        if (!(await customerGot(h.cluster.url, c, `agent ${c.index} `)).includes(`agent ${c.index} 4`)) return false;
      }
      return true;
    });

    // The partition heals: p2 is healthy again (HAProxy sees it up) but owns nothing and opens no socket.
    const connectsBefore = mine.map((c) => h.watch.connects.get(c.guid)?.length);
    h.proxy.unblock();
    await until('HAProxy sees p2 up again', async () => (await h.cluster.backend())['p2'] === 'UP', 30_000);
    const end = await h.owners();
    assert.ok(
      [...end.values()].every((o) => o.owner !== 'p2' && o.token === 2),
      'p2 owns nothing and nothing moved again',
    );
    assert.deepEqual(
      mine.map((c) => h.watch.connects.get(c.guid)?.length),
      connectsBefore,
      'p2 opened no socket after the partition',
    );
    for (const c of mine) {
      assert.equal(agentSaw(h.sim, c.contactId, `cust ${c.index} 4`).length, 1);
      assert.equal((await customerGot(h.cluster.url, c, `agent ${c.index} 4`)).length, 1);
    }
    assert.deepEqual(h.watch.twoSockets, []);
  });
});

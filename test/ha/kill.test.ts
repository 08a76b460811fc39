/**
 * Fault injection on the README's HA deployment (scripts/cluster.mjs: three instances behind HAProxy on PostgreSQL
 * and Redis, one AACC simulator), with the default lease timings: kill -9 of the instance that owns every escalated
 * chat. All of them resume on the survivors within 15 s, no customer or agent message is lost or doubled (counted on
 * both sides), and a chat never has two upstream sockets. The takeover time is printed (README, "HA deployment").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { agentSaw, customerGot, escalate, inBatches, reconnect, type Chat } from './support/chats.js';
import { HaHarness, skipHa, until } from './support/harness.js';

const CHATS = Number(process.env['HA_TEST_CHATS'] ?? 100);
const TAKEOVER_LIMIT_MS = 15_000;

describe('HA: kill -9 of an instance behind HAProxy', { skip: skipHa, timeout: 240_000 }, () => {
  let h: HaHarness;
  let chats: Chat[] = [];
  before(async () => (h = await HaHarness.start()));
  after(async () => h?.stop(chats));

  test(`kill -9 of the owner of ${CHATS} chats: all resume on the survivors within 15 s, nothing lost or doubled`, async () => {
    const [p1] = h.cluster.instances;
    assert.ok(p1);
    // Every customer's widget reached p1 (so p1 owns every chat); later they reconnect through HAProxy.
    chats = await inBatches(
      Array.from({ length: CHATS }, (_, i) => i),
      10,
      (i) => escalate(h.sim, p1.wsUrl, h.cluster.url, i),
    );
    const before = await h.owners();
    assert.equal(before.size, CHATS);
    assert.ok(
      chats.every((c) => HaHarness.ownerOf(before, c) === 'p1'),
      'p1 owns every chat',
    );

    // As the widget does: a message not acknowledged in time is sent again (same id) on a new socket through HAProxy.
    const say = async (c: Chat, k: number): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const clientMsgId = `cust-${c.index}-${k}`;
          const ack = c.customer.next('message.ack', (f) => f.clientMsgId === clientMsgId, 8000);
          c.customer.send({
            type: 'message.send',
            clientMsgId,
            content: { type: 'text', text: `cust ${c.index} ${k}` },
          });
          await ack;
          return;
        } catch (err) {
          if (attempt === 3) throw new Error(`customer ${c.index}, message ${k}: ${String(err)}`);
          await reconnect(c, h.cluster.wsUrl, h.cluster.url);
        }
      }
    };
    const agentSays = (c: Chat, k: number) => h.sim.control.say(c.agentId, c.contactId, `agent ${c.index} ${k}`);
    await Promise.all(chats.map((c) => say(c, 1)));
    await Promise.all(chats.map((c) => agentSays(c, 1)));
    // Both sides have round 1 (stored for the customer) before the kill.
    await until('round 1 delivered', async () => {
      for (const c of chats) {
        if (agentSaw(h.sim, c.contactId, `cust ${c.index} `).length !== 1) return false;
        if ((await customerGot(p1.baseUrl, c, `agent ${c.index} `)).length !== 1) return false;
      }
      return true;
    });

    const killedAt = performance.now();
    p1.signal('SIGKILL');
    await p1.exited();
    await until('AACC sees every chat disconnected', () => chats.every((c) => !h.watch.isConnected(c.guid)));
    // While nobody owns the chats: agents write (AACC keeps it for the resume), customers come back through HAProxy
    // to a survivor and write too (stored, left for the next owner).
    await Promise.all(chats.map((c) => agentSays(c, 2)));
    await inBatches(chats, 25, async (c) => {
      await reconnect(c, h.cluster.wsUrl, h.cluster.url);
      await say(c, 2);
    });

    await until(
      'every chat resumed on a survivor',
      () =>
        h.watch
          .resumedAfter(
            chats.map((c) => c.guid),
            killedAt,
          )
          .every((t) => t !== undefined),
      TAKEOVER_LIMIT_MS + 10_000,
    );
    const resumedAt = h.watch
      .resumedAfter(
        chats.map((c) => c.guid),
        killedAt,
      )
      .map((t) => (t ?? 0) - killedAt);
    const sorted = [...resumedAt].sort((a, b) => a - b);
    const takeover = {
      first: sorted[0],
      median: sorted[Math.floor(sorted.length / 2)],
      last: sorted[sorted.length - 1],
    };
    console.log(`# HA takeover after kill -9 (${CHATS} chats): ${JSON.stringify(takeover)} ms`);
    assert.ok((takeover.last ?? Infinity) < TAKEOVER_LIMIT_MS, `all resumed within 15 s (last ${takeover.last} ms)`);

    const after = await h.owners();
    for (const c of chats) {
      assert.ok(['p2', 'p3'].includes(HaHarness.ownerOf(after, c) ?? ''), 'a survivor owns it');
      assert.equal(after.get(c.customer.conversationId ?? '')?.token, 2, 'one takeover, one new token');
    }

    await Promise.all(chats.map((c) => say(c, 3)));
    await Promise.all(chats.map((c) => agentSays(c, 3)));
    const expected = (who: string, c: Chat) => [1, 2, 3].map((k) => `${who} ${c.index} ${k}`);
    await until('every message on both sides', async () => {
      for (const c of chats) {
        const agent = agentSaw(h.sim, c.contactId, `cust ${c.index} `);
        const customer = await customerGot(h.cluster.url, c, `agent ${c.index} `);
        if (agent.length < 3 || customer.length < 3)
          throw new Error(
            `chat ${c.index}: agent saw ${JSON.stringify(agent)}, customer got ${JSON.stringify(customer)}`,
          );
      }
      return true;
    });
    for (const c of chats) {
      assert.deepEqual(
        agentSaw(h.sim, c.contactId, `cust ${c.index} `),
        expected('cust', c),
        'the agent saw each once',
      );
      assert.deepEqual(
        await customerGot(h.cluster.url, c, `agent ${c.index} `),
        expected('agent', c),
        'stored once each',
      );
    }
    assert.deepEqual(h.watch.twoSockets, [], 'never two upstream sockets for one chat');
  });
});

/**
 * Publish after commit across instances (issue 12): tabs of one conversation spread over three Parley processes on
 * PostgreSQL + a private Redis (the second one reaches it through a proxy the test can cut). Mid-burst Redis is
 * restarted, the second instance is cut off Redis, or the first is killed with SIGKILL; every tab must end with the
 * whole conversation as committed, in order, nothing twice, and without a reset (a reload). The three scenarios
 * share the processes (each has its own conversation) to keep the suite's start-up cost at three instances.
 * Skipped without PARLEY_TEST_DATABASE_URL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { ServerProcess } from '../support/server-process.js';
import { freshSchema, instanceEnv, pgUrl, PrivateRedis, RedisLink, startInstances } from './support/cluster.js';
import { Tab, type Endpoint } from './support/cluster-tab.js';

const BURST = 30;
/** How long the partition lasts: the issue asks for 30 s; CI keeps the suite short (override to run it in full). */
const PARTITION_MS = Number(process.env.PARLEY_TEST_PARTITION_MS ?? 3_000);
const skip = !pgUrl ? 'PARLEY_TEST_DATABASE_URL is not set' : !existsSync('/usr/bin/redis-server') && 'no redis-server';

interface Cluster {
  instances: ServerProcess[];
  alive: Endpoint[];
  tabs: Tab[];
}

/** Opens one conversation on the first instance and one more tab of it on each instance (round-robin). */
async function spread(instances: ServerProcess[], tabsPerInstance = 1): Promise<Cluster> {
  const alive: Endpoint[] = instances.map((i) => ({ wsUrl: i.wsUrl, baseUrl: i.baseUrl }));
  const first = new Tab('tab0', () => alive, 0);
  await first.open();
  await first.until(1); // the bot's greeting
  const tabs = [first];
  for (let i = 1; i < instances.length * tabsPerInstance + 1; i++) {
    const tab = new Tab(`tab${i}`, () => alive, i);
    await tab.open(first.token);
    tabs.push(tab);
  }
  return { instances, alive, tabs };
}

/** Sends the burst from `sender`; `midway` runs once a third of it is acknowledged. */
async function burst(sender: Tab, prefix: string, midway: () => Promise<void>): Promise<void> {
  const ids = Array.from({ length: BURST }, (_, i) => `${prefix}-${i}`);
  for (const id of ids) sender.send(id, `message ${id}`);
  await sender.untilAcked(ids.slice(0, BURST / 3));
  await midway();
  await sender.untilAcked(ids, 60_000);
}

/**
 * Every tab holds exactly what the store committed: same ids, seqs 1..n, no fault. Nothing is sent meanwhile, so
 * a tab that missed a wake-up gets it from the catch-up pass, not from the gap read a later message would cause.
 */
async function assertComplete(c: Cluster, reader: Endpoint, sender: Tab): Promise<void> {
  await sender.untilAnswered();
  const tab0 = c.tabs[0] as Tab;
  const r = await fetch(`${reader.baseUrl}/api/conversations/${tab0.conversationId}/transcript`, {
    headers: { Authorization: `Bearer ${tab0.token}` },
  });
  const committed = ((await r.json()) as { messages: Array<{ id: string; seq: number }> }).messages;
  const head = committed.at(-1)?.seq ?? 0;
  assert.deepEqual(
    committed.map((m) => m.seq),
    Array.from({ length: head }, (_, i) => i + 1),
  );
  assert.ok(head >= BURST + 1, `the burst is committed (${head} messages)`);
  for (const tab of c.tabs) {
    await tab.until(head);
    assert.deepEqual(tab.faults, [], 'no gap, duplicate or reset');
    assert.deepEqual(
      tab.messages.slice(0, head).map((m) => m.id),
      committed.map((m) => m.id),
    );
  }
}

function closeAll(c: Cluster): void {
  for (const tab of c.tabs) tab.close();
}

describe('delivery across instances (PostgreSQL + Redis)', { skip, concurrency: 1 }, () => {
  let redis: PrivateRedis;
  let link: RedisLink;
  let schema: ReturnType<typeof freshSchema>;
  let instances: ServerProcess[] = [];

  before(async () => {
    redis = await PrivateRedis.start();
    link = await RedisLink.start(redis.port);
    schema = freshSchema();
    instances = await startInstances([
      instanceEnv(schema.url, redis.url),
      instanceEnv(schema.url, link.url),
      instanceEnv(schema.url, redis.url),
    ]);
  });

  after(async () => {
    await Promise.all(instances.map((s) => s.stop('SIGKILL')));
    await link.close();
    await redis.down();
    await schema.drop();
  });

  const endpoint = (i: number): Endpoint => {
    const s = instances[i] as ServerProcess;
    return { wsUrl: s.wsUrl, baseUrl: s.baseUrl };
  };

  test("Redis down mid-burst: every instance serves its tabs, the others' messages come from the store", async () => {
    const c = await spread(instances);
    const sender = c.tabs[0] as Tab;
    // Redis goes away mid-burst and stays away until every tab is complete.
    await burst(sender, 'restart', () => redis.down());
    await assertComplete(c, endpoint(1), sender);
    await redis.up();
    await burst(sender, 'after', () => Promise.resolve());
    await assertComplete(c, endpoint(1), sender);
    closeAll(c);
  });

  test(`one of three instances cut off Redis for ${PARTITION_MS} ms keeps its tabs and catches up`, async () => {
    const c = await spread(instances);
    let healed: Promise<void> = Promise.resolve();
    await burst(c.tabs[0] as Tab, 'partition', () => {
      link.cut();
      // The burst goes on during the partition; the link heals on its own, like a network would.
      healed = new Promise((ok) => setTimeout(ok, PARTITION_MS)).then(() => link.heal());
      return Promise.resolve();
    });
    await healed;
    await assertComplete(c, endpoint(1), c.tabs[0] as Tab);
    closeAll(c);
  });

  test('kill -9 of an instance mid-burst: the messages it committed reach every tab', async () => {
    const c = await spread(instances);
    await burst(c.tabs[0] as Tab, 'kill', async () => {
      await (instances[0] as ServerProcess).stop('SIGKILL');
      c.alive.splice(0, 1);
    });
    await assertComplete(c, endpoint(1), c.tabs[0] as Tab);
    closeAll(c);
  });
});

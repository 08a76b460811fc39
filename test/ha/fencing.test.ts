/**
 * Fencing at the edge of the gateway, on PostgreSQL: once this instance's lease is gone (expired by its own clock, or
 * taken over with a new token), its upstream socket sends nothing more and is dropped, no new socket opens, and its
 * session writes are refused by the database while the new owner's go through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { WebSocketServer } from 'ws';
import { defaultWsFactory } from '../../bot-server/src/contact-center/ewc/index.js';
import { fencedSockets, fencedStore } from '../../bot-server/src/ha/fencing.js';
import { LeaseKeeper } from '../../bot-server/src/ha/lease-keeper.js';
import { createStore, type KyselyStore } from '../../bot-server/src/store/index.js';
import { freshSchema, pgUrl } from './support/pg-schema.js';
import { until } from './support/harness.js';

const logger = pino({ level: 'silent' });

describe(
  'fencing: a stale owner cannot send or write',
  { skip: pgUrl ? false : 'PARLEY_TEST_DATABASE_URL is not set' },
  () => {
    let store: KyselyStore;
    let other: KyselyStore;
    let schema: ReturnType<typeof freshSchema>;
    let wss: WebSocketServer;
    const received: string[] = [];

    before(async () => {
      schema = freshSchema(pgUrl ?? '');
      const config = { DATABASE_URL: schema.url, SQLITE_SYNCHRONOUS: 'FULL' as const };
      store = createStore(config, logger);
      other = createStore(config, logger);
      await store.migrate();
      await other.migrate();
      await store.createVisitor({ id: 'v', tokenHash: 'h', locale: null, now: 1 });
      await store.createConversation({ id: 'c', visitorId: 'v', channel: 'web', state: 'bot', data: {}, now: 1 });
      wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      wss.on('connection', (ws) => ws.on('message', (d: Buffer) => received.push(d.toString())));
      await new Promise((r) => wss.once('listening', r));
    });

    after(async () => {
      wss.close();
      await Promise.all([store.close(), other.close()]);
      await schema.drop();
    });

    test('after the lease is lost: no send, no new socket, no write', async () => {
      const lost: string[] = [];
      // A short lease that is never renewed (the keeper is not started): it runs out by this instance's clock.
      const keeper = new LeaseKeeper({
        leases: store,
        owner: 'A',
        timings: { ttlMs: 1500, renewMs: 500, scanMs: 60_000 },
        logger,
        onClaimed: () => Promise.resolve(),
        onLost: (id) => lost.push(id),
      });
      const open = fencedSockets(defaultWsFactory, keeper, logger);
      const sessions = fencedStore(store, keeper, logger);
      const addr = wss.address();
      const url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
      const record = (step: number) => ({
        conversationId: 'c',
        provider: 'aacc-ewc',
        externalId: '1',
        secret: 'k',
        data: { step },
        updatedAt: step,
      });

      assert.throws(() => open(url, {}, 'c'), /lease not held/, 'no socket without the lease');
      assert.equal(await keeper.acquire('c'), true);
      const ws = open(url, {}, 'c');
      await new Promise((r) => ws.once('open', r));
      ws.send('while held');
      await sessions.saveContactCenterSession(record(1));
      await until('the first frame arrives', () => received.includes('while held'), 5000);

      await until('the lease runs out by our clock', () => !keeper.holds('c'), 5000);
      const closed = new Promise((r) => ws.once('close', r));
      ws.send('after the lease');
      await closed;
      assert.throws(() => open(url, {}, 'c'), /lease not held/, 'no new socket either');

      // Another instance takes the lease over (token 2); our write with token 1 is refused and reported as lost.
      await until(
        'the lease expires on the database clock',
        async () => (await other.acquireLease('c', 'B', 60_000)) !== undefined,
        5000,
      );
      await sessions.saveContactCenterSession(record(2));
      assert.deepEqual(lost, ['c']);
      assert.equal(await other.saveSessionFenced(record(3), 'B', 2), true);
      assert.deepEqual((await store.getContactCenterSession('c'))?.data, { step: 3 });
      assert.deepEqual(received, ['while held'], 'nothing was sent after the lease ran out');
    });
  },
);

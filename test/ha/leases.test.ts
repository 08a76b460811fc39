/**
 * Session leases in the store (migration 0004) on PostgreSQL, with two stores standing for two instances: one owner
 * at a time, expiry on the database's clock, takeover with a new fencing token, and session writes refused to a stale
 * token. Also on SQLite, where the same queries must run (one instance).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import type { ContactCenterSessionRecord } from '../../bot-server/src/domain/ports.js';
import { createStore, openStore, type KyselyStore } from '../../bot-server/src/store/index.js';
import { freshSchema, pgUrl } from './support/pg-schema.js';

const logger = pino({ level: 'silent' });
const TTL = 400;

function record(conversationId: string, step: number): ContactCenterSessionRecord {
  return {
    conversationId,
    provider: 'aacc-ewc',
    externalId: '42',
    secret: 'key',
    data: { step },
    updatedAt: step,
  };
}

async function conversation(store: KyselyStore, id: string): Promise<void> {
  await store.createVisitor({ id: `v-${id}`, tokenHash: `h-${id}`, locale: null, now: 1 });
  await store.createConversation({ id, visitorId: `v-${id}`, channel: 'web', state: 'bot', data: {}, now: 1 });
}

function leaseSuite(
  name: string,
  open: () => Promise<{ a: KyselyStore; b: KyselyStore; cleanup: () => Promise<void> }>,
) {
  describe(`session leases: ${name}`, () => {
    let a: KyselyStore;
    let b: KyselyStore;
    let cleanup: () => Promise<void>;
    before(async () => ({ a, b, cleanup } = await open()));
    after(async () => cleanup());

    test('one owner at a time; takeover after expiry raises the token; a stale token cannot write', async () => {
      await conversation(a, 'c1');
      const first = await a.acquireLease('c1', 'A', TTL);
      assert.deepEqual(first, { conversationId: 'c1', token: 1 });
      assert.equal(await b.acquireLease('c1', 'B', TTL), undefined, 'B cannot take a live lease');
      assert.equal(await a.saveSessionFenced(record('c1', 1), 'A', 1), true);

      // A stops renewing: once expired on the database clock, B claims it with token 2.
      let claimed: Array<{ conversationId: string; token: number }> = [];
      const deadline = Date.now() + 10_000;
      while (claimed.length === 0) {
        assert.ok(Date.now() < deadline, 'B never claimed the expired lease');
        claimed = await b.claimExpiredLeases('B', TTL, 10);
      }
      assert.deepEqual(claimed, [{ conversationId: 'c1', token: 2 }]);
      assert.deepEqual(await a.renewLeases('A', TTL), [], 'A renews nothing: the lease is gone');

      // A wakes up and writes as if it still owned the session: refused, B's state stands.
      assert.equal(await a.saveSessionFenced(record('c1', 99), 'A', 1), false);
      assert.equal(await b.saveSessionFenced(record('c1', 2), 'B', 2), true);
      assert.equal(await a.saveSessionFenced(record('c1', 100), 'A', 1), false);
      assert.deepEqual((await a.getContactCenterSession('c1'))?.data, { step: 2 });
      assert.equal(await a.deleteSessionFenced('c1', 'A', 1), false, 'A cannot delete it either');
      assert.ok(await a.getContactCenterSession('c1'));

      // B renews; releasing needs B's token; the session record goes with B's token.
      assert.deepEqual(await b.renewLeases('B', TTL), [{ conversationId: 'c1', token: 2 }]);
      assert.equal(await b.deleteSessionFenced('c1', 'B', 2), true);
      await b.releaseLease('c1', 'A', 1);
      assert.equal((await b.getLease('c1'))?.owner, 'B', 'a stale release changes nothing');
      await b.releaseLease('c1', 'B', 2);
      assert.equal(await b.getLease('c1'), undefined);
    });

    test('two instances scanning at once split the expired leases; each is taken exactly once', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
      for (const id of ids) {
        await conversation(a, id);
        // An instance that died long ago: its leases expired a second ago on the database's clock.
        assert.ok(await a.acquireLease(id, 'dead', -1000));
      }
      const [fromA, fromB] = await Promise.all([
        a.claimExpiredLeases('A', 60_000, 100),
        b.claimExpiredLeases('B', 60_000, 100),
      ]);
      const taken = [...fromA, ...fromB].map((g) => g.conversationId).sort();
      assert.deepEqual(taken, [...ids].sort(), 'every lease taken once');
      for (const g of [...fromA, ...fromB]) assert.equal(g.token, 2);
      await a.expireLeases('A');
      await b.expireLeases('B');
    });

    test('a session record without a lease (kept from before leases) is claimed; requests wait for the owner', async () => {
      await conversation(a, 'old');
      assert.equal(await a.deleteSessionFenced('old', 'X', -1), true, 'nothing to delete is not a refusal');
      await a.saveContactCenterSession(record('old', 1));
      const claimed = await b.claimExpiredLeases('B', 60_000, 500);
      assert.ok(claimed.some((g) => g.conversationId === 'old' && g.token === 1));

      await a.addSessionForward({ conversationId: 'old', kind: 'message', clientMsgId: 'm1', text: 'hello' }, 1);
      await a.addSessionForward({ conversationId: 'old', kind: 'message', clientMsgId: 'm1', text: 'hello' }, 2);
      await a.addSessionForward({ conversationId: 'old', kind: 'end' }, 3);
      assert.deepEqual(await a.sessionForwardsOf('A'), [], 'nothing for an instance that holds nothing');
      const waiting = await b.sessionForwardsOf('B', 'old');
      assert.deepEqual(
        waiting.map((f) => (f.kind === 'message' ? `${f.kind}:${f.clientMsgId}:${f.text}` : f.kind)),
        ['message:m1:hello', 'end'],
        'one row per client message id, in order',
      );
      await b.deleteSessionForwards([waiting[0]!.id]);
      assert.equal((await b.sessionForwardsOf('B')).length, 1);
      await b.releaseLease('old', 'B', 1);
      assert.deepEqual(await b.sessionForwardsOf('B'), [], 'releasing drops what was left for that escalation');
    });
  });
}

const base = pgUrl;
if (base) {
  leaseSuite('PostgreSQL (two pools)', async () => {
    const s = freshSchema(base);
    const config = { DATABASE_URL: s.url, SQLITE_SYNCHRONOUS: 'FULL' as const };
    const [a, b] = [createStore(config, logger), createStore(config, logger)];
    await Promise.all([a.migrate(), b.migrate()]);
    return {
      a,
      b,
      cleanup: async () => {
        await Promise.all([a.close(), b.close()]);
        await s.drop();
      },
    };
  });
} else {
  describe('session leases: PostgreSQL', { skip: 'PARLEY_TEST_DATABASE_URL is not set' }, () => {});
}

leaseSuite('SQLite', async () => {
  const a = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'FULL' }, logger);
  return { a, b: a, cleanup: () => a.close() };
});

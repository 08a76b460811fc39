/**
 * The Store contract: one suite every Store implementation must pass (SQLite file, SQLite memory,
 * PostgreSQL). Each test uses fresh random ids, so tests share one store without interfering.
 */
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Content } from '@parley/protocol';
import type { CallRecord, Store } from '../domain/ports.js';
import { isParleyError } from '../errors.js';

export interface StoreUnderTest {
  store: Store;
  /** A second, independent store (own connection pool) on the same database, where supported. */
  peer?: Store;
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;

export function storeContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: Store;
    before(async () => {
      sut = await open();
      store = sut.store;
    });
    after(async () => {
      await sut?.cleanup();
    });

    async function visitor(locale: string | null = 'en'): Promise<string> {
      const id = randomUUID();
      await store.createVisitor({ id, tokenHash: `hash-${id}`, locale, now: T0 });
      return id;
    }
    async function conversation(visitorId?: string, now = T0): Promise<string> {
      const id = randomUUID();
      await store.createConversation({
        id,
        visitorId: visitorId ?? (await visitor()),
        channel: 'web',
        state: 'bot',
        data: { bot: { flow: 'main' } },
        now,
      });
      return id;
    }
    const text = (t: string): Content => ({ type: 'text', text: t });

    test('migrate() is idempotent and ping() answers', async () => {
      await store.migrate();
      await store.migrate();
      await store.ping();
    });

    test('visitors: create, find by token hash, token hash is unique', async () => {
      const id = randomUUID();
      const rec = await store.createVisitor({ id, tokenHash: `h-${id}`, locale: 'fr-CA', now: T0 + 5 });
      assert.deepEqual(rec, { id, locale: 'fr-CA', createdAt: T0 + 5 });
      assert.deepEqual(await store.getVisitorByTokenHash(`h-${id}`), rec);
      assert.equal(await store.getVisitorByTokenHash('nope'), undefined);
      await assert.rejects(store.createVisitor({ id: randomUUID(), tokenHash: `h-${id}`, locale: null, now: T0 }));
    });

    test('conversations: create/get round-trip, newest open conversation, state listing', async () => {
      const v = await visitor();
      const a = await conversation(v, T0);
      const b = await conversation(v, T0 + 1000);
      const got = await store.getConversation(a);
      assert.deepEqual(got, {
        id: a,
        visitorId: v,
        channel: 'web',
        state: 'bot',
        data: { bot: { flow: 'main' } },
        version: 1,
        lastSeq: 0,
        createdAt: T0,
        updatedAt: T0,
        endedAt: null,
      });
      assert.equal((await store.getOpenConversation(v))?.id, b);
      await store.updateConversation(b, 1, { state: 'ended', endedAt: T0 + 2000, now: T0 + 2000 });
      assert.equal((await store.getOpenConversation(v))?.id, a);
      assert.equal(await store.getConversation(randomUUID()), undefined);
      const state = `queued-${randomUUID()}`;
      await store.updateConversation(a, 1, { state, now: T0 + 3 });
      assert.deepEqual(
        (await store.listConversationsByState([state, 'no-such-state'])).map((c) => c.id),
        [a],
      );
      assert.deepEqual(await store.listConversationsByState([]), []);
    });

    test('updateConversation is compare-and-set on version', async () => {
      const c = await conversation();
      const next = await store.updateConversation(c, 1, {
        state: 'agent',
        data: { n: 1, nested: { list: [1, 'two'] } },
        now: T0 + 10,
      });
      assert.equal(next?.version, 2);
      assert.equal(next?.state, 'agent');
      assert.deepEqual(next?.data, { n: 1, nested: { list: [1, 'two'] } });
      assert.equal(next?.updatedAt, T0 + 10);
      assert.equal(
        await store.updateConversation(c, 1, { state: 'stale', now: T0 + 11 }),
        undefined,
        'stale version must conflict',
      );
      const [x, y] = await Promise.all([
        store.updateConversation(c, 2, { data: { winner: 'x' }, now: T0 + 12 }),
        store.updateConversation(c, 2, { data: { winner: 'y' }, now: T0 + 12 }),
      ]);
      assert.equal([x, y].filter(Boolean).length, 1, 'exactly one concurrent writer wins');
      const stored = await store.getConversation(c);
      assert.equal(stored?.version, 3);
      assert.equal(stored?.state, 'agent', 'fields not in the patch are kept');
      assert.deepEqual(stored?.data, (x ?? y)?.data);
    });

    test('appendMessage assigns seq 1, 2, 3 and the message round-trips', async () => {
      const c = await conversation();
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
      const r1 = await store.appendMessage({
        conversationId: c,
        clientMsgId: 'c-1',
        author: { role: 'customer' },
        content: text('hello'),
        channel: 'web',
        now: T0 + 1,
      });
      const r2 = await store.appendMessage({
        conversationId: c,
        author: { role: 'bot', id: 'parley', name: 'Parley' },
        content: carousel,
        channel: 'web',
        now: T0 + 2,
      });
      const r3 = await store.appendMessage({
        conversationId: c,
        author: { role: 'agent', id: 'a7', name: 'Dana' },
        content: text('hi'),
        channel: 'web',
        now: T0 + 3,
      });
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
      const c = await conversation();
      const other = await conversation();
      const first = await store.appendMessage({
        conversationId: c,
        clientMsgId: 'same',
        author: { role: 'customer' },
        content: text('one'),
        channel: 'web',
        now: T0,
      });
      const again = await store.appendMessage({
        conversationId: c,
        clientMsgId: 'same',
        author: { role: 'customer' },
        content: text('one'),
        channel: 'web',
        now: T0 + 50,
      });
      assert.equal(again.duplicate, true);
      assert.deepEqual(again.message, first.message, 'the stored original is returned');
      const elsewhere = await store.appendMessage({
        conversationId: other,
        clientMsgId: 'same',
        author: { role: 'customer' },
        content: text('one'),
        channel: 'web',
        now: T0,
      });
      assert.equal(elsewhere.duplicate, false, 'ids are scoped to their conversation');
      assert.equal((await store.listMessages(c)).length, 1);
      assert.equal((await store.getConversation(c))?.lastSeq, 1, 'a duplicate consumes no seq');
    });

    test('appendMessage to an unknown conversation fails with NOT_FOUND and writes nothing', async () => {
      const ghost = randomUUID();
      await assert.rejects(
        store.appendMessage({
          conversationId: ghost,
          author: { role: 'customer' },
          content: text('x'),
          channel: 'web',
          now: T0,
        }),
        (err) => isParleyError(err) && err.code === 'PARLEY_ERR_NOT_FOUND',
      );
      assert.deepEqual(await store.listMessages(ghost), []);
    });

    test('200 concurrent appends (with duplicated ids) get seqs 1..N with no gaps or duplicates', async () => {
      const c = await conversation();
      const stores = sut.peer ? [store, sut.peer] : [store];
      const unique = 200;
      const attempts = Array.from({ length: unique }, (_, i) => i).flatMap((i) => (i % 4 === 0 ? [i, i] : [i]));
      const results = await Promise.all(
        attempts.map((i, n) =>
          stores[n % stores.length]!.appendMessage({
            conversationId: c,
            clientMsgId: `m-${i}`,
            author: { role: 'customer' },
            content: text(`msg ${i}`),
            channel: 'web',
            now: T0 + i,
          }),
        ),
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
      const stores = sut.peer ? [store, sut.peer] : [store];
      const conversations = await Promise.all(Array.from({ length: 20 }, () => conversation()));
      await Promise.all(
        Array.from({ length: 400 }, (_, n) =>
          stores[n % stores.length]!.appendMessage({
            conversationId: conversations[(n * 7) % conversations.length]!,
            clientMsgId: `x-${n}`,
            author: { role: 'customer' },
            content: text(`n${n}`),
            channel: 'web',
            now: T0 + n,
          }),
        ),
      );
      for (const c of conversations) {
        const messages = await store.listMessages(c);
        assert.deepEqual(
          messages.map((m) => m.seq),
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        const order = messages.map((m) => Number(m.clientMsgId!.slice(2)));
        if (stores.length === 1)
          assert.deepEqual(
            order,
            [...order].sort((a, b) => a - b),
            'one instance keeps arrival order',
          );
        assert.equal((await store.getConversation(c))?.lastSeq, 20);
      }
    });

    test('one bad append in a concurrent batch fails alone; the others are written', async () => {
      const c = await conversation();
      const ghost = randomUUID();
      const settled = await Promise.allSettled([
        store.appendMessage({
          conversationId: c,
          clientMsgId: 'ok-1',
          author: { role: 'customer' },
          content: text('1'),
          channel: 'web',
          now: T0,
        }),
        store.appendMessage({
          conversationId: ghost,
          clientMsgId: 'ok-1',
          author: { role: 'customer' },
          content: text('x'),
          channel: 'web',
          now: T0,
        }),
        store.appendMessage({
          conversationId: ghost,
          clientMsgId: 'ok-1',
          author: { role: 'customer' },
          content: text('x'),
          channel: 'web',
          now: T0,
        }),
        store.appendMessage({
          conversationId: c,
          author: { role: 'bot' },
          content: text('2'),
          channel: 'web',
          now: T0,
        }),
      ]);
      assert.deepEqual(
        settled.map((s) => s.status),
        ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
      );
      for (const s of settled)
        if (s.status === 'rejected') assert.ok(isParleyError(s.reason) && s.reason.code === 'PARLEY_ERR_NOT_FOUND');
      assert.deepEqual(
        (await store.listMessages(c)).map((m) => m.seq),
        [1, 2],
      );
    });

    test('listMessagesAfter replays after a seq, ascending, bounded by limit', async () => {
      const c = await conversation();
      for (let i = 1; i <= 5; i++)
        await store.appendMessage({
          conversationId: c,
          author: { role: 'bot' },
          content: text(`m${i}`),
          channel: 'web',
          now: T0 + i,
        });
      assert.deepEqual(
        (await store.listMessagesAfter(c, 2, 2)).map((m) => m.seq),
        [3, 4],
      );
      assert.deepEqual(
        (await store.listMessagesAfter(c, 2, 100)).map((m) => m.seq),
        [3, 4, 5],
      );
      assert.deepEqual(await store.listMessagesAfter(c, 5, 100), []);
      assert.deepEqual(
        (await store.listMessagesAfter(c, 0, 1)).map((m) => m.seq),
        [1],
      );
    });

    test('listVisitorHistory pages newest-first across conversations, each page oldest-first', async () => {
      const v = await visitor();
      const older = await conversation(v, T0);
      const newer = await conversation(v, T0 + 10_000);
      const stranger = await conversation(undefined, T0 + 5_000);
      for (let i = 1; i <= 3; i++)
        await store.appendMessage({
          conversationId: older,
          author: { role: 'customer' },
          content: text(`A${i}`),
          channel: 'web',
          now: T0 + i,
        });
      for (let i = 1; i <= 4; i++)
        await store.appendMessage({
          conversationId: newer,
          author: { role: 'customer' },
          content: text(`B${i}`),
          channel: 'web',
          now: T0 + 10_000 + i,
        });
      await store.appendMessage({
        conversationId: stranger,
        author: { role: 'customer' },
        content: text('X'),
        channel: 'web',
        now: T0 + 5_001,
      });
      const label = (p: { messages: Array<{ content: Content }> }) =>
        p.messages.map((m) => (m.content.type === 'text' ? m.content.text : '?'));
      const p1 = await store.listVisitorHistory(v, undefined, 3);
      assert.deepEqual(label(p1), ['B2', 'B3', 'B4']);
      assert.ok(p1.before);
      const p2 = await store.listVisitorHistory(v, p1.before, 3);
      assert.deepEqual(label(p2), ['A2', 'A3', 'B1']);
      const p3 = await store.listVisitorHistory(v, p2.before, 3);
      assert.deepEqual(label(p3), ['A1']);
      assert.equal(p3.before, undefined);
      const whole = await store.listVisitorHistory(v, undefined, 50);
      assert.deepEqual(label(whole), ['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'B4']);
      assert.equal(whole.before, undefined);
      assert.deepEqual(await store.listVisitorHistory(await visitor(), undefined, 10), { messages: [] });
      for (const bad of ['!!', 'bm90IGpzb24', Buffer.from('[1,2]').toString('base64url')]) {
        await assert.rejects(
          store.listVisitorHistory(v, bad, 3),
          (err) => isParleyError(err) && err.code === 'PARLEY_ERR_VALIDATION',
        );
      }
    });

    test('customer details: set, overwrite, read', async () => {
      const v = await visitor();
      assert.deepEqual(await store.getDetails(v), {});
      await store.setDetails(v, { name: 'Ada', phone: '+14155550100' }, T0);
      await store.setDetails(v, { phone: '+442071838750', email: 'ada@example.com' }, T0 + 1);
      await store.setDetails(v, {}, T0 + 2);
      assert.deepEqual(await store.getDetails(v), { name: 'Ada', phone: '+442071838750', email: 'ada@example.com' });
    });

    test('participants join and leave', async () => {
      const c = await conversation();
      await store.addParticipant({ conversationId: c, role: 'customer', externalId: null, name: null, now: T0 });
      await store.addParticipant({ conversationId: c, role: 'agent', externalId: '42', name: 'Dana', now: T0 + 1 });
      await store.addParticipant({ conversationId: c, role: 'supervisor', externalId: '7', name: 'Sam', now: T0 + 2 });
      await store.removeParticipant({ conversationId: c, role: 'agent', externalId: '42', now: T0 + 3 });
      await store.removeParticipant({ conversationId: c, role: 'customer', externalId: null, now: T0 + 4 });
      assert.deepEqual(await store.listParticipants(c), [
        { role: 'customer', externalId: null, name: null, joinedAt: T0, leftAt: T0 + 4 },
        { role: 'agent', externalId: '42', name: 'Dana', joinedAt: T0 + 1, leftAt: T0 + 3 },
        { role: 'supervisor', externalId: '7', name: 'Sam', joinedAt: T0 + 2, leftAt: null },
      ]);
    });

    test('events are an ordered audit trail', async () => {
      const c = await conversation();
      await store.appendEvent({ conversationId: c, type: 'transition', data: { from: 'bot', to: 'queued' }, now: T0 });
      await store.appendEvent({ conversationId: c, type: 'cc', data: { position: 3 }, now: T0 });
      assert.deepEqual(await store.listEvents(c), [
        { type: 'transition', data: { from: 'bot', to: 'queued' }, createdAt: T0 },
        { type: 'cc', data: { position: 3 }, createdAt: T0 },
      ]);
    });

    test('contact-center sessions persist, upsert, list by provider and delete', async () => {
      const c = await conversation();
      const provider = `aacc-${randomUUID()}`;
      const rec = {
        conversationId: c,
        provider,
        externalId: 'guid-1',
        secret: 'k3y',
        data: { participants: ['a'] },
        updatedAt: T0,
      };
      await store.saveContactCenterSession(rec);
      assert.deepEqual(await store.getContactCenterSession(c), rec);
      const moved = {
        ...rec,
        externalId: 'guid-2',
        data: { participants: ['a', 'b'], deadline: T0 + 5 },
        updatedAt: T0 + 9,
      };
      await store.saveContactCenterSession(moved);
      assert.deepEqual(await store.listContactCenterSessions(provider), [moved]);
      await store.deleteContactCenterSession(c);
      assert.equal(await store.getContactCenterSession(c), undefined);
      assert.deepEqual(await store.listContactCenterSessions(provider), []);
    });

    test('calls: idempotent create, update, lookups and abuse counters', async () => {
      const c = await conversation();
      const phone = `+1415555${Math.floor(Math.random() * 9000 + 1000)}`;
      const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
      const call: CallRecord = {
        id: randomUUID(),
        conversationId: c,
        provider: 'aacc-callback',
        idempotencyKey: `k-${randomUUID()}`,
        externalId: null,
        phone,
        clientAddress: ip,
        status: 'requested',
        scheduledFor: null,
        data: { skillset: 'WC_Default' },
        createdAt: T0,
        updatedAt: T0,
      };
      const first = await store.createCall(call);
      assert.deepEqual(first, { call, created: true });
      const retry = await store.createCall({ ...call, id: randomUUID(), status: 'scheduled' });
      assert.deepEqual(retry, { call, created: false }, 'a retried key returns the original call');
      const updated = await store.updateCall(call.id, { status: 'dialling', externalId: 'ext-9', now: T0 + 5 });
      assert.equal(updated?.status, 'dialling');
      assert.equal(updated?.externalId, 'ext-9');
      assert.deepEqual(updated?.data, { skillset: 'WC_Default' });
      assert.deepEqual(await store.getCall(call.id), updated);
      assert.deepEqual(await store.getCallByExternalId('aacc-callback', 'ext-9'), updated);
      assert.equal(await store.getCallByExternalId('other', 'ext-9'), undefined);
      assert.equal(await store.updateCall(randomUUID(), { status: 'failed', now: T0 }), undefined);
      const second = {
        ...call,
        id: randomUUID(),
        idempotencyKey: `k-${randomUUID()}`,
        clientAddress: null,
        createdAt: T0 + 100,
        updatedAt: T0 + 100,
      };
      await store.createCall(second);
      assert.deepEqual(
        (await store.listCalls(c)).map((x) => x.id),
        [call.id, second.id],
      );
      assert.equal(await store.countCallsSince({ phone }, T0), 2);
      assert.equal(await store.countCallsSince({ phone }, T0 + 1), 1);
      assert.equal(await store.countCallsSince({ clientAddress: ip }, T0), 1);
      assert.equal(await store.countCallsSince({ conversationId: c, phone }, T0), 2);
      assert.equal(await store.countCallsSince({ conversationId: c, phone: '+10000000000' }, T0), 0);
    });
  });
}

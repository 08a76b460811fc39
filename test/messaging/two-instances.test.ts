/**
 * Two instances on one PostgreSQL database, webhooks spread over both routes (round robin, so one customer's events
 * reach both): every customer's events are processed by one instance at a time, in order, once, and every reply is
 * delivered once, in order. Then one instance stops without handing its claims over (as if killed) while replies
 * are due: the survivor takes its customers over once their claims lapse, with nothing lost or doubled.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimEventOf } from '@parley/aggregator-sim';
import { pgUrl } from '../ha/support/pg-schema.js';
import { startPair, type Pair } from './support/pair.js';
import { shownText } from './support/harness.js';
import { eventually } from '../support/waiters.js';

const CUSTOMERS = 20;

const MENU = /What can I help you with/;
/** The greeting intent's answer: once per Hello (a Hello processed twice would answer twice). */
const HELLO = 'Hello!';
const METER = /^You can submit a meter reading/;

/** What the phone shows is the transcript's text, a link card's address degraded into it. */
function assertShownAsWritten(shown: string[], written: string[], what: string): void {
  assert.equal(shown.length, written.length, `${what}: as many replies shown as written (${shown.join(' | ')})`);
  shown.forEach((t, i) => assert.ok(t.startsWith(written[i]!), `${what}: reply ${i} in order: ${t} / ${written[i]}`));
}

describe(
  'messaging: two instances on one PostgreSQL',
  { skip: pgUrl ? false : 'PARLEY_TEST_DATABASE_URL is not set', timeout: 120_000 },
  () => {
    let p: Pair;
    let ids: string[] = [];
    before(async () => {
      p = await startPair(pgUrl!);
    });
    after(() => p?.close());

    const shownTo = (id: string) => p.business.items.filter((e) => e.customerId === id).map(shownText);
    const next = (id: string, match: RegExp, since: number, what: string) =>
      p.business.waitFor(
        (e) => p.business.items.indexOf(e) >= since && e.customerId === id && match.test(shownText(e)),
        {
          what: `${id}: ${what}`,
          timeoutMs: 30_000,
          describe: (e: SimEventOf<'business_message'>) => `${e.customerId}: ${shownText(e)}`,
          relevant: (e: SimEventOf<'business_message'>) => e.customerId === id,
        },
      );
    /** The greeting's answer, then the menu after it. */
    const afterHello = async (id: string, since: number) => {
      const hello = await next(id, /^Hello!$/, since, 'the answer to Hello');
      await next(id, MENU, p.business.items.indexOf(hello) + 1, 'the menu after Hello!');
    };
    /** A customer's message, resolved once an instance acknowledged it (so the next one is stored after it). */
    const say = async (id: string, text: string) => {
      const acked = p.agg.control.waitFor(
        'webhook',
        10_000,
        (e) => e.attempt.customerId === id && e.attempt.outcome === 'delivered',
      );
      p.agg.control.say(id, text);
      await acked;
    };
    const transcript = async (id: string): Promise<string[]> => {
      const c = p.agg.control.customer(id);
      const store = p.instances[0].store;
      const keys = [c.id, c.externalId, `${c.id}:${c.conversationId}`];
      const found = await Promise.all(keys.map((k) => store.getChannelIdentity(c.channel, p.agg.appId, k)));
      const identity = found.find((i) => i !== undefined);
      assert.ok(identity, `an identity for ${id}`);
      const messages = await store.listMessages(identity.conversationId);
      return messages.flatMap((m) => (m.author.role === 'bot' && m.content.type === 'text' ? [m.content.text] : []));
    };

    test(`${CUSTOMERS} customers over both routes: each reply once, in order`, async () => {
      ids = Array.from(
        { length: CUSTOMERS },
        (_, i) => p.agg.control.createCustomer({ channel: 'whatsapp', name: `Customer ${i}` }).id,
      );
      const since = p.business.items.length;
      await Promise.all(ids.map((id) => say(id, 'Hello')));
      await Promise.all(ids.map((id) => afterHello(id, since)));
      assert.ok(p.routed[0] > 0 && p.routed[1] > 0, `both routes took webhooks (${p.routed.join(' + ')})`);
      await Promise.all(p.instances.map((i) => i.server.messaging?.outbox.idle() ?? Promise.resolve()));
      const first = await transcript(ids[0]!);
      for (const id of ids) {
        const written = await transcript(id);
        assertShownAsWritten(shownTo(id), written, id);
        assert.equal(written.filter((t) => t === HELLO).length, 1, `${id}: one answer to one Hello`);
        assert.deepEqual(written, first, `${id}: the same replies as every other customer`);
      }
    });

    test('an instance stops without handing its claims over: the survivor takes its customers, nothing lost or doubled', async () => {
      const since = p.business.items.length;
      const before = ids.map((id) => shownTo(id).length);
      // The aggregator fails for a while, so that bodies wait for their retry in the instance that claimed them.
      p.agg.control.fail({ status: 503, count: 40 });
      // Two messages each, the second stored after the first: the meter answer, then the menu again.
      const sent = Promise.all(
        ids.map(async (id) => {
          await say(id, 'How do I submit a meter reading?');
          await say(id, 'Hello');
        }),
      );
      // Mid-stream: the first instance has bodies to send; it stops without giving their conversations back.
      const names = ['m1', 'm2'] as const;
      // Claims live in the database: no event says one was taken.
      let k = -1;
      await eventually(
        async () => {
          for (const [i, name] of names.entries())
            if ((await p.claimsOf(name)).some((c) => c.queue === 'outbox')) k = i;
          return k >= 0;
        },
        15_000,
        'an instance holding outbox claims',
      );
      const [gone, survivor] = [p.instances[k]!, p.instances[1 - k]!];
      // Its claims are frozen at once (no renewal, no release); what it was sending finishes.
      const stopped = gone.server.messaging?.abandon();
      const held = await p.claimsOf(names[k]!);
      await stopped;
      await sent;
      await Promise.all(ids.map((id) => afterHello(id, since)));
      await survivor.server.messaging?.inbox.idle();
      await survivor.server.messaging?.outbox.idle();
      const owners = await p.owners();
      // No longer the stopped instance's: the survivor holds it, or held it and let it go when done (a release
      // clears the owner), since the stopped instance released nothing.
      const taken = held.filter((c) => !owners.get(`${c.queue}:${c.key}`)?.startsWith(`${names[k]!}-`));
      assert.ok(taken.length > 0, `the survivor took over what the stopped instance held (${held.length} claims)`);
      for (const [i, id] of ids.entries()) {
        const written = await transcript(id);
        assertShownAsWritten(shownTo(id), written, id);
        const round = written.slice(before[i]);
        assert.equal(round.filter((t) => METER.test(t)).length, 1, `${id}: one meter answer (${round.join(' | ')})`);
        assert.equal(round.filter((t) => t === HELLO).length, 1, `${id}: one answer to the second Hello`);
        assert.ok(
          round.findIndex((t) => METER.test(t)) < round.indexOf(HELLO),
          `${id}: the meter answer before the Hello's (${round.join(' | ')})`,
        );
        assert.match(round.at(-1) ?? '', MENU, `${id}: the menu last`);
      }
      // Delivery receipts keep arriving after the replies; those of the stopped instance's customers wait for the TTL.
      await eventually(
        async () => {
          const d = await survivor.store.messagingDepths();
          return d.inbox === 0 && d.outbox === 0;
        },
        15_000,
        'every inbox event processed and every body sent',
      );
    });
  },
);

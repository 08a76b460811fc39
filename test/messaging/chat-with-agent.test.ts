/**
 * A customer on each messaging channel, end to end through the real aggregator simulator, the real bot and the
 * AACC simulator: the bot greets, the details step confirms what the channel knows, the customer chooses Chat, an
 * agent answers, messages go both ways, the agent closes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, identityOf, nextFor, startHarness, type Harness } from './support/harness.js';
import { toAgent, toChoice } from './support/journeys.js';

describe('messaging channels: chat with the bot, then an agent', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ apiVersion: 'v2' });
  });
  after(() => h.close());

  for (const [channel, name, phone] of [
    ['whatsapp', 'Ada Lovelace', '+447911123456'],
    ['messenger', 'Grace Hopper', undefined],
    ['twitter', 'Alan Turing', undefined],
  ] as const) {
    test(`${channel}: details confirmed, Chat chosen, the agent answers, messages both ways, the agent closes`, async () => {
      const { id, contactId, since } = await toAgent(h, channel, name, phone);
      assert.match(JSON.stringify(h.aacc.control.contact(contactId)), /Channel/, 'the agent sees the channel');
      await h.aacc.control.answer(AGENT, contactId);
      await nextFor(h, id, /joined the chat/, 'the agent joined, in words', since);
      const s2 = h.business.items.length;
      await h.aacc.control.say(AGENT, contactId, 'Hello, how can I help?');
      await nextFor(h, id, /^Hello, how can I help\?/, "the agent's words on the app", s2);
      h.agg.control.say(id, 'My meter is broken');
      await h.aacc.control.waitFor(
        (e) => e.type === 'customer_message' && e.contactId === contactId && e.text.includes('My meter is broken'),
        15_000,
      );
      const s3 = h.business.items.length;
      await h.aacc.control.close(AGENT, contactId);
      await nextFor(h, id, /left the chat|ended|Thanks for talking/, 'the close, in words', s3);
    });
  }
});

describe('messaging channels: WhatsApp Voice', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ apiVersion: 'v1.1' });
  });
  after(() => h.close());

  test('Voice after confirming the WhatsApp number: the agent desktop rings with that number', async () => {
    const { id, since } = await toChoice(h, 'whatsapp', 'Mary Jackson', '+447400123457');
    h.agg.control.say(id, 'Voice');
    await nextFor(h, id, /Number to call[^:]*: \+447400123457/, 'the number to confirm', since);
    let s = h.business.items.length;
    h.agg.control.say(id, 'Yes');
    await nextFor(h, id, /When\?/, 'when to call', s);
    s = h.business.items.length;
    const ringing = h.aacc.control.waitFor((e) => e.type === 'callback_status' && e.status === 'ringing', 20_000);
    h.agg.control.say(id, '1');
    await nextFor(h, id, /call you on \+447400123457/, 'the confirmation on WhatsApp', s);
    const conv = (await identityOf(h, id)).conversationId;
    await ringing;
    const calls = await h.parley.store.listCalls(conv);
    assert.deepEqual(
      calls.map((c) => c.phone),
      ['+447400123457'],
      "the callback dials the customer's WhatsApp number",
    );
  });
});

/**
 * A customer on each messaging channel, end to end through the real aggregator simulator, the real bot and the
 * AACC simulator: the bot greets, the details step confirms what the channel knows, the customer chooses Chat, an
 * agent answers, messages go both ways, the agent closes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@parley/aggregator-sim';
import { AGENT, nextFor, shownText, startHarness, type Harness } from './support/harness.js';

describe('messaging channels: chat with the bot, then an agent', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ apiVersion: 'v2' });
  });
  after(() => h.close());

  async function toAgent(channel: Channel, name: string, phone?: string) {
    const customer = h.agg.control.createCustomer({ channel, name, ...(phone ? { phone } : {}) });
    const id = customer.id;
    let since = h.business.items.length;
    h.agg.control.say(id, 'Hello');
    await nextFor(h, id, /What can I help you with/, 'the menu', since);
    since = h.business.items.length;
    h.agg.control.say(id, 'Talk to an agent');
    await nextFor(h, id, /Your name: .*\n?Is that right/s, 'the name from the profile to confirm', since);
    since = h.business.items.length;
    h.agg.control.say(id, 'Yes');
    if (phone) {
      const confirm = await nextFor(h, id, /Phone number: \+/, 'the WhatsApp number to confirm', since);
      assert.match(shownText(confirm), /Is that right/);
    } else {
      await nextFor(h, id, /Phone number/, 'the phone question', since);
    }
    since = h.business.items.length;
    h.agg.control.say(id, phone ? '1' : '07911 123456');
    await nextFor(h, id, /Talk to an agent using/, 'Chat | Voice', since);
    since = h.business.items.length;
    h.agg.control.say(id, 'chat');
    const offered = await h.aacc.control.waitFor(
      (e) => e.type === 'contact_offered' && JSON.stringify(h.aacc.control.contact(e.contactId)).includes(name),
      20_000,
    );
    assert.ok('contactId' in offered);
    return { id, contactId: offered.contactId, since };
  }

  for (const [channel, name, phone] of [
    ['whatsapp', 'Ada Lovelace', '+447911123456'],
    ['messenger', 'Grace Hopper', undefined],
    ['twitter', 'Alan Turing', undefined],
  ] as const) {
    test(`${channel}: details confirmed, Chat chosen, the agent answers, messages both ways, the agent closes`, async () => {
      const { id, contactId, since } = await toAgent(channel, name, phone);
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

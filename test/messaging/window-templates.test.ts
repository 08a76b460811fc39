/**
 * The WhatsApp 24-hour window with an agent (Oceana's template table): an agent answering after the window closed
 * is advised to use a template and no welcome goes out; a regular message is refused with words for the agent;
 * `/template NAME ...` is delivered (several may follow each other); the customer's reply reopens the window.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, identityOf, nextFor, startHarness, type Harness } from './support/harness.js';
import { toAgent } from './support/journeys.js';

const DAY = 24 * 3_600_000;

describe('messaging: 24-hour window and WhatsApp templates', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ apiVersion: 'v2' });
  });
  after(() => h.close());

  /** What the agent's desktop received from the customer's side (Parley's notices included), as it arrives. */
  const toAgentDesk = (contactId: string, match: RegExp) =>
    h.aacc.control.waitFor(
      (e) => e.type === 'customer_message' && e.contactId === contactId && match.test(e.text),
      15_000,
    );

  test('answer after the window: advised to use a template, regular message refused, templates delivered', async () => {
    const { id, contactId } = await toAgent(h, 'whatsapp', 'Annie Easley', '+447911123458');
    // The customer's last message, as the channel stamped it, is now 25 hours old (on both sides).
    const identity = await identityOf(h, id);
    await h.parley.store.saveChannelIdentity({ ...identity, lastCustomerAt: Date.now() - DAY - 3_600_000 });
    h.agg.control.age(id, 25);

    const advised = toAgentDesk(contactId, /\[Parley\].*template/i);
    const since = h.business.items.length;
    await h.aacc.control.answer(AGENT, contactId);
    await advised;

    const refused = toAgentDesk(contactId, /\[Parley\] Not sent/);
    await h.aacc.control.say(AGENT, contactId, 'Are you still there?');
    await refused;

    const sent = toAgentDesk(contactId, /\[Parley\] Template .* sent: Hello Annie, thank you/);
    await h.aacc.control.say(AGENT, contactId, '/template delayed_reply Annie');
    await sent;
    const second = toAgentDesk(contactId, /\[Parley\] Template .* sent: \[WTM\]: Hello from our team/);
    await h.aacc.control.say(AGENT, contactId, '/template hello_world');
    await second;
    const unknown = toAgentDesk(contactId, /\[Parley\] Template not sent: No WhatsApp template "nope"/);
    await h.aacc.control.say(AGENT, contactId, '/template nope');
    await unknown;

    const shown = h.business.items.slice(since).filter((e) => e.customerId === id);
    assert.ok(
      !shown.some((e) => /joined the chat|still there/.test(JSON.stringify(e.message.content))),
      'no welcome, no refused text',
    );
    assert.equal(shown.filter((e) => e.message.content.type === 'template').length, 2, JSON.stringify(shown));

    // The customer's reply reopens the window: the agent's regular messages go again.
    h.agg.control.say(id, 'Yes, still an issue');
    await toAgentDesk(contactId, /still an issue/);
    const s2 = h.business.items.length;
    await h.aacc.control.say(AGENT, contactId, 'Thanks, looking now');
    await nextFor(h, id, /Thanks, looking now/, 'a regular message after the reply', s2);
  });

  test('a delivery failure reported by the channel reaches the agent in words; a pushed URL arrives as a link', async () => {
    const { id, contactId, since } = await toAgent(h, 'whatsapp', 'Mae Jemison', '+447400123459');
    await h.aacc.control.answer(AGENT, contactId);
    await nextFor(h, id, /joined the chat/, 'the agent joined', since);
    const s2 = h.business.items.length;
    await h.aacc.control.pushUrl(AGENT, contactId, 'https://example.com/help');
    await nextFor(h, id, /https:\/\/example\.com\/help/, 'the pushed page as a link', s2);

    // Only WhatsApp thinks the window closed (Parley still counts from the last message it saw): WhatsApp refuses
    // the message and says so by webhook, and the agent is told.
    h.agg.control.age(id, 25);
    const told = toAgentDesk(contactId, /\[Parley\].*(window|24)/i);
    await h.aacc.control.say(AGENT, contactId, 'Anything else?');
    await told;
  });
});

/** The customer journeys the messaging suites share: from "Hello" to the details confirmed and a choice made. */
import assert from 'node:assert/strict';
import type { Channel } from '@parley/aggregator-sim';
import { nextFor, shownText, type Harness } from './harness.js';

/** A customer who greeted the bot, asked for an agent and confirmed their details; returns at "Chat | Voice". */
export async function toChoice(h: Harness, channel: Channel, name: string, phone?: string) {
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
    const confirm = await nextFor(h, id, /Phone number[^:]*: \+/, 'the WhatsApp number to confirm', since);
    assert.match(shownText(confirm), /Is that right/);
  } else {
    await nextFor(h, id, /Phone number/, 'the phone question', since);
  }
  since = h.business.items.length;
  h.agg.control.say(id, phone ? '1' : '07911 123456');
  // The optional e-mail is skipped and the consent box answered No: one question per message.
  await nextFor(h, id, /Email address \(optional\)/, 'the e-mail question', since);
  since = h.business.items.length;
  h.agg.control.say(id, 'Skip');
  await nextFor(h, id, /by email about this request\?\nPlease answer Yes or No/, 'the consent question', since);
  since = h.business.items.length;
  h.agg.control.say(id, 'No');
  await nextFor(h, id, /Talk to an agent using/, 'Chat | Voice', since);
  return { id, since: h.business.items.length };
}

/** Chooses Chat and waits until the AACC simulator offers the contact to an agent. */
export async function toAgent(h: Harness, channel: Channel, name: string, phone?: string) {
  const { id } = await toChoice(h, channel, name, phone);
  const since = h.business.items.length;
  h.agg.control.say(id, 'chat');
  const offered = await h.aacc.control.waitFor(
    (e) => e.type === 'contact_offered' && JSON.stringify(h.aacc.control.contact(e.contactId)).includes(name),
    20_000,
  );
  assert.ok('contactId' in offered);
  return { id, contactId: offered.contactId, since };
}

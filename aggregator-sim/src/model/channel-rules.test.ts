import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Channel } from './channels.js';
import { harness, type Harness } from '../testing/harness.js';
import { WHATSAPP_WINDOW_TITLE } from './delivery-rules.js';

const text = (t: string) => ({ role: 'appMaker', type: 'text', text: t });
const carousel = {
  role: 'appMaker',
  type: 'carousel',
  items: [
    {
      title: 'Tacos',
      description: 'Get your tacos today!',
      actions: [
        { type: 'postback', text: 'Select', payload: 'T' },
        { type: 'link', text: 'More info', uri: 'http://example.org' },
      ],
    },
    {
      title: 'Ramen',
      description: 'Get your ramen today!',
      actions: [{ type: 'link', text: 'More info', uri: 'http://example.org' }],
    },
  ],
};

describe('channel rules', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  /** A customer who wrote, then `hours` passed; resolves the fate of one message the business posts. */
  async function send(channel: Channel, body: object, hours = 0, version: 'v1.1' | 'v2' = 'v1.1') {
    const c = h.sim.control.createCustomer({
      channel,
      name: 'Sam Park',
      phone: channel === 'whatsapp' ? '+447400123456' : undefined,
    });
    h.sim.control.say(c.id, 'hi');
    if (hours > 0) h.sim.control.age(c.id, hours);
    const fate = h.sim.control.waitFor('delivery', 5000, (e) => e.customerId === c.id && e.status !== 'user');
    const path = version === 'v2' ? `conversations/${c.conversationId}/messages` : `appusers/${c.id}/messages`;
    const r = await h.api('POST', path, body, version);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { customer: c, fate: await fate };
  }

  test('WhatsApp outside 24 h: stored (201) but delivery fails with 470, as a message:delivery:failure webhook', async () => {
    const { customer, fate } = await send('whatsapp', text('Are you still there?'), 25);
    assert.equal(fate.status, 'failure');
    assert.equal(fate.error?.code, 'uncategorized_error');
    assert.deepEqual(fate.error?.underlyingError, { errors: [{ code: 470, title: WHATSAPP_WINDOW_TITLE }] });
    const hook = await waitHook(h, customer.id, 'message:delivery:failure');
    assert.equal((hook['error'] as { code: string }).code, 'uncategorized_error');
    assert.equal((hook['destination'] as { type: string }).type, 'whatsapp');
    assert.deepEqual(h.sim.control.received(customer.id), []);
  });

  test('WhatsApp inside 24 h: delivered to the channel', async () => {
    assert.equal((await send('whatsapp', text('Hello'), 23)).fate.status, 'channel');
  });

  test('WhatsApp templates are delivered outside the window: v1.1 shorthand and v2 template', async () => {
    const shorthand = text(
      '&((namespace=[[ns_1]]template=[[agent_reply]]fallback=[[An agent replied]]language=[[en]]body_text=[[Jane]]))&',
    );
    const v1 = await send('whatsapp', shorthand, 30);
    assert.equal(v1.fate.status, 'channel');
    const shown = h.sim.control.received(v1.customer.id)[0]?.shown[0];
    assert.deepEqual(shown?.template, { name: 'agent_reply', language: 'en', params: ['Jane'] });
    const v2 = await send(
      'whatsapp',
      {
        author: { type: 'business' },
        schema: 'whatsapp',
        content: { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
      },
      30,
      'v2',
    );
    assert.equal(v2.fate.status, 'channel');
    // A template does not reopen the window.
    assert.equal((await sendAgain(h, v2.customer.id, text('and now freeform'))).status, 'failure');
  });

  test('Messenger outside 24 h: HUMAN_AGENT tag up to 7 days, otherwise blocked', async () => {
    const tagged = (t: string, tag: string) => ({
      ...text(t),
      override: { messenger: { payload: { message: { text: t }, messaging_type: 'MESSAGE_TAG', tag } } },
    });
    assert.equal((await send('messenger', text('late'), 25)).fate.error?.code, 'blocked');
    assert.equal((await send('messenger', tagged('agent here', 'HUMAN_AGENT'), 25)).fate.status, 'channel');
    assert.equal((await send('messenger', tagged('agent here', 'HUMAN_AGENT'), 24 * 8)).fate.error?.code, 'blocked');
  });

  test('X has no window', async () => {
    assert.equal((await send('twitter', text('a week later'), 24 * 7)).fate.status, 'channel');
  });

  test('capabilities: forms fail everywhere, location fails on Messenger and X, templates only on WhatsApp', async () => {
    const form = { role: 'appMaker', type: 'form', fields: [{ type: 'text', name: 'n', label: 'Name' }] };
    for (const channel of ['whatsapp', 'messenger', 'twitter'] as const) {
      assert.equal((await send(channel, form)).fate.error?.message, 'Unsupported message type `form`');
    }
    const location = { role: 'appMaker', type: 'location', coordinates: { lat: 1, long: 2 } };
    assert.equal((await send('whatsapp', location)).fate.status, 'channel');
    assert.equal((await send('twitter', location)).fate.error?.message, 'Unsupported message type `location`');
    const template = {
      author: { type: 'business' },
      schema: 'whatsapp',
      content: { type: 'template', template: { name: 't', language: { code: 'en' } } },
    };
    assert.equal(
      (await send('messenger', template, 0, 'v2')).fate.error?.message,
      'Unsupported message type `template`',
    );
  });

  test('carousel: raw numbered text on WhatsApp and X, native cards on Messenger', async () => {
    const wa = await send('whatsapp', carousel);
    assert.equal(
      h.sim.control.received(wa.customer.id)[0]?.shown[0]?.text,
      '1. Tacos\nGet your tacos today!\nMore info http://example.org\n\n2. Ramen\nGet your ramen today!\nMore info http://example.org',
    );
    const fb = await send('messenger', carousel);
    const cards = h.sim.control.received(fb.customer.id)[0]?.shown[0]?.cards;
    assert.equal(cards?.length, 2);
    assert.deepEqual(
      cards?.[0]?.buttons.map((b) => b.kind),
      ['postback', 'link'],
    );
  });

  test('replies: WhatsApp buttons (≤3), a list (4-10), Messenger chips; postbacks numbered on WhatsApp', async () => {
    const replies = (n: number) => ({
      ...text('Choose'),
      actions: Array.from({ length: n }, (_, i) => ({ type: 'reply', text: `Option ${i + 1}`, payload: `P${i}` })),
    });
    const shown = async (channel: Channel, body: object) =>
      h.sim.control.received((await send(channel, body)).customer.id)[0]?.shown[0];
    assert.equal((await shown('whatsapp', replies(3)))?.replies?.style, 'buttons');
    assert.equal((await shown('whatsapp', replies(5)))?.list?.rows.length, 5);
    assert.equal((await shown('messenger', replies(5)))?.replies?.style, 'chips');
    const postbacks = {
      ...text('Talk to an agent using:'),
      actions: [
        { type: 'postback', text: 'Chat', payload: 'C' },
        { type: 'postback', text: 'Voice', payload: 'V' },
      ],
    };
    assert.equal((await shown('whatsapp', postbacks))?.text, 'Talk to an agent using:\n\n1. Chat\n2. Voice');
    assert.equal((await shown('twitter', postbacks))?.buttons?.length, 2);
  });

  test('a reply tap is a customer text carrying the payload; a postback tap a postback webhook', async () => {
    const { customer } = await send('messenger', {
      ...text('Pick'),
      actions: [{ type: 'reply', text: 'Chat', payload: 'CHAT' }],
    });
    const [message] = h.sim.control.received(customer.id);
    const reply = h.sim.control.tap(customer.id, message?.id ?? '', message?.content.actions?.[0]?.id ?? '');
    assert.deepEqual(reply?.content, { type: 'text', text: 'Chat', payload: 'CHAT' });
    const pb = await send('messenger', {
      ...text('Pick'),
      actions: [{ type: 'postback', text: 'Voice', payload: 'VOICE' }],
    });
    const [pbMessage] = h.sim.control.received(pb.customer.id);
    h.sim.control.tap(pb.customer.id, pbMessage?.id ?? '', pbMessage?.content.actions?.[0]?.id ?? '');
    const hook = await waitHook(h, pb.customer.id, 'postback');
    assert.equal((hook['postbacks'] as Array<{ action: { payload: string } }>)[0]?.action.payload, 'VOICE');
  });
});

async function sendAgain(h: Harness, customerId: string, body: object) {
  const fate = h.sim.control.waitFor('delivery', 5000, (e) => e.customerId === customerId && e.status !== 'user');
  await h.api('POST', `appusers/${customerId}/messages`, body);
  return fate;
}

/** The webhook body of `trigger` for a customer, once it has arrived. */
async function waitHook(h: Harness, customerId: string, trigger: string): Promise<Record<string, unknown>> {
  const find = () =>
    h.hooks.received.find(
      (r) => r.body['trigger'] === trigger && (r.body['appUser'] as { _id: string } | undefined)?._id === customerId,
    )?.body;
  const attempt = find()
    ? undefined
    : h.sim.control.waitFor(
        'webhook',
        5000,
        (e) => e.attempt.trigger === trigger && e.attempt.customerId === customerId,
      );
  await attempt;
  const body = find();
  assert.ok(body, `no ${trigger} webhook`);
  return body;
}

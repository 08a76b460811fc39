/**
 * The promise: the official `sunshine-conversations-client` (v2) works against the simulator for the calls
 * Parley makes. Where the client and the simulator disagree, the published v2 OpenAPI decides.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SunshineConversationsClient from 'sunshine-conversations-client';
import type { CustomerSnapshot } from './control/control.js';
import { at, harness, KEY_ID, SECRET, type Harness } from './testing/harness.js';

const { ApiClient, ActivitiesApi, ClientsApi, ConversationsApi, MessagesApi, UsersApi } = SunshineConversationsClient;

function clientFor(baseUrl: string, secret = SECRET): InstanceType<typeof ApiClient> {
  const client = new ApiClient();
  client.basePath = baseUrl;
  client.authentications.basicAuth.username = KEY_ID;
  client.authentications.basicAuth.password = secret;
  client.timeout = 5000;
  return client;
}

const chatOrVoice = {
  author: { type: 'business', displayName: 'Parley' },
  content: {
    type: 'text',
    text: 'Talk to an agent using:',
    actions: [
      { type: 'reply', text: 'Chat', payload: 'ESCALATE_CHAT' },
      { type: 'reply', text: 'Voice', payload: 'ESCALATE_VOICE' },
    ],
  },
};

const carousel = {
  author: { type: 'business' },
  content: {
    type: 'carousel',
    items: [
      { title: 'Fibre 500', description: '500 Mb/s', actions: [{ type: 'postback', text: 'Choose', payload: 'F500' }] },
      { title: 'Fibre 1G', description: '1 Gb/s', actions: [{ type: 'postback', text: 'Choose', payload: 'F1G' }] },
    ],
  },
};

describe('the official sunshine-conversations-client (v2) against the simulator', () => {
  let h: Harness;
  let client: InstanceType<typeof ApiClient>;
  let whatsapp: CustomerSnapshot;
  let messenger: CustomerSnapshot;
  before(async () => {
    h = await harness({ apiVersion: 'v2' });
    client = clientFor(h.sim.httpUrl);
    whatsapp = h.sim.control.createCustomer({ channel: 'whatsapp', name: 'Ana Lima', phone: '+447400123456' });
    messenger = h.sim.control.createCustomer({ channel: 'messenger', name: 'Ben Ode' });
    h.sim.control.say(whatsapp.id, 'hello');
    h.sim.control.say(messenger.id, 'hello');
  });
  after(() => h.close());

  test('postMessage: text with reply actions, recorded and shown as reply buttons', async () => {
    const delivered = h.sim.control.waitFor('delivery', 5000, (e) => e.status === 'user');
    const reported = h.sim.control.waitFor(
      'webhook',
      5000,
      (e) => e.attempt.trigger === 'conversation:message:delivery:user',
    );
    const answer = await new MessagesApi(client).postMessage(h.sim.appId, whatsapp.conversationId, chatOrVoice);
    const sent = at(answer, 'messages', 0);
    assert.equal(at(sent, 'author', 'type'), 'business');
    assert.equal(at(sent, 'content', 'text'), 'Talk to an agent using:');
    assert.deepEqual(
      (at(sent, 'content', 'actions') as object[]).map((a) => at(a, 'payload')),
      ['ESCALATE_CHAT', 'ESCALATE_VOICE'],
    );
    const id = at(sent, 'id');
    assert.equal((await delivered).messageId, id);
    const hook = (await reported).attempt;
    assert.equal(hook.outcome, 'delivered');
    assert.equal(
      at(hook.body, 'events', 0, 'payload', 'message', 'id'),
      id,
      'Parley is told the message reached the phone',
    );

    const got = h.sim.control.received(whatsapp.id).find((m) => m.id === id);
    assert.ok(got, 'the customer received the message');
    assert.deepEqual(
      got.shown.flatMap((b) => b.replies?.options.map((o) => o.label) ?? []),
      ['Chat', 'Voice'],
    );
    assert.equal(got.shown[0]?.replies?.style, 'buttons');
  });

  test('postMessage: a carousel is numbered text on WhatsApp and cards on Messenger', async () => {
    const api = new MessagesApi(client);
    const onWhatsapp = at(await api.postMessage(h.sim.appId, whatsapp.conversationId, carousel), 'messages', 0, 'id');
    const onMessenger = at(await api.postMessage(h.sim.appId, messenger.conversationId, carousel), 'messages', 0, 'id');
    const wa = h.sim.control.received(whatsapp.id).find((m) => m.id === onWhatsapp);
    assert.match(wa?.shown.map((b) => b.text ?? '').join('\n') ?? '', /1\. Fibre 500[\s\S]*2\. Fibre 1G/);
    const fb = h.sim.control.received(messenger.id).find((m) => m.id === onMessenger);
    assert.deepEqual(
      fb?.shown.flatMap((b) => b.cards?.map((c) => c.title) ?? []),
      ['Fibre 500', 'Fibre 1G'],
    );
  });

  test('postMessage: a list', async () => {
    const list = {
      author: { type: 'business' },
      content: {
        type: 'list',
        items: [
          { title: 'Billing', actions: [{ type: 'postback', text: 'Billing', payload: 'BILLING' }] },
          { title: 'Support', actions: [{ type: 'postback', text: 'Support', payload: 'SUPPORT' }] },
        ],
      },
    };
    const answer = await new MessagesApi(client).postMessage(h.sim.appId, messenger.conversationId, list);
    assert.equal(at(answer, 'messages', 0, 'content', 'type'), 'list');
    const recorded = h.sim.control
      .customer(messenger.id)
      .messages.find((m) => m.id === at(answer, 'messages', 0, 'id'));
    assert.deepEqual(
      recorded?.content.items?.map((i) => i.title),
      ['Billing', 'Support'],
    );
  });

  test('postActivity: typing reaches a Messenger customer; conversation:read marks the customer messages read', async () => {
    const typing = h.sim.control.waitFor('business_typing', 5000, (e) => e.customerId === messenger.id);
    const activities = new ActivitiesApi(client);
    await activities.postActivity(h.sim.appId, messenger.conversationId, {
      author: { type: 'business' },
      type: 'typing:start',
    });
    assert.equal((await typing).on, true);

    const read = h.sim.control.waitFor('customer_tick', 5000, (e) => e.customerId === whatsapp.id && e.tick === 'read');
    await activities.postActivity(h.sim.appId, whatsapp.conversationId, {
      author: { type: 'business' },
      type: 'conversation:read',
    });
    await read;
    const mine = h.sim.control.customer(whatsapp.id).messages.filter((m) => m.role === 'appUser');
    assert.ok(mine.length > 0 && mine.every((m) => m.tick === 'read'));
  });

  test('getUser, listClients: the WhatsApp number comes with the channel', async () => {
    const user = at(await new UsersApi(client).getUser(h.sim.appId, whatsapp.id), 'user');
    assert.equal(at(user, 'id'), whatsapp.id);
    assert.equal(at(user, 'profile', 'givenName'), 'Ana');
    const byExternalId = at(await new UsersApi(client).getUser(h.sim.appId, whatsapp.externalId), 'user', 'id');
    assert.equal(byExternalId, whatsapp.id);
    const clients = at(await new ClientsApi(client).listClients(h.sim.appId, whatsapp.id), 'clients') as object[];
    assert.equal(at(clients, 0, 'type'), 'whatsapp');
    assert.equal(at(clients, 0, 'externalId'), '447400123456');
  });

  test('getConversation, listConversations, listMessages', async () => {
    const conversations = new ConversationsApi(client);
    const one = await conversations.getConversation(h.sim.appId, whatsapp.conversationId);
    assert.equal(at(one, 'conversation', 'id'), whatsapp.conversationId);
    const list = await conversations.listConversations(h.sim.appId, { userId: whatsapp.id });
    assert.equal(at(list, 'conversations', 0, 'id'), whatsapp.conversationId);
    const messages = await new MessagesApi(client).listMessages(h.sim.appId, whatsapp.conversationId);
    const authors = (at(messages, 'messages') as object[]).map((m) => at(m, 'author', 'type'));
    assert.deepEqual(authors.slice(0, 3), ['user', 'business', 'business']);
  });

  test('a wrong secret: the client rejects with status 401 and the v2 error body', async () => {
    const wrong = clientFor(h.sim.httpUrl, 'not-the-secret');
    const before = h.sim.control.customer(whatsapp.id).messages.length;
    await assert.rejects(
      new MessagesApi(wrong).postMessage(h.sim.appId, whatsapp.conversationId, chatOrVoice),
      (err) => {
        assert.equal(at(err, 'status'), 401);
        assert.equal(at(err, 'body', 'errors', 0, 'code'), 'unauthorized');
        assert.equal(typeof at(err, 'body', 'errors', 0, 'title'), 'string');
        return true;
      },
    );
    assert.equal(h.sim.control.customer(whatsapp.id).messages.length, before, 'nothing recorded');
  });
});

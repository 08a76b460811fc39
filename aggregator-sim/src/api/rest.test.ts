import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { at, basic, harness, KEY_ID, SECRET, type Harness } from '../testing/harness.js';
import { signJwt } from './auth.js';

const link = { type: 'link', text: 'More info', uri: 'http://example.org' };

/** Bodies from the spec's examples (messaging-channels.md section 2.2/2.3), as Parley may send them. */
const VALID_V1: Array<[string, object]> = [
  [
    'text with a link',
    { role: 'appMaker', type: 'text', text: 'Hello! 👋', metadata: { lang: 'en-ca' }, actions: [link] },
  ],
  [
    'image with caption',
    { role: 'appMaker', type: 'image', text: 'caption', mediaUrl: 'http://example.org/i.jpg', actions: [link] },
  ],
  ['file', { role: 'appMaker', type: 'file', mediaUrl: 'http://example.org/d.pdf', mediaType: 'application/pdf' }],
  [
    'location',
    { role: 'appMaker', type: 'location', coordinates: { lat: 45.52, long: -73.59 }, location: { name: 'Office' } },
  ],
  [
    'carousel',
    {
      role: 'appMaker',
      type: 'carousel',
      items: [
        {
          title: 'Tacos',
          description: 'Today',
          actions: [{ type: 'postback', text: 'Select', payload: 'TACOS' }, link],
        },
        { title: 'Ramen', actions: [{ type: 'postback', text: 'Select', payload: 'RAMEN' }] },
      ],
    },
  ],
  [
    'list',
    {
      role: 'appMaker',
      type: 'list',
      items: [{ title: 'Tacos', actions: [link] }],
      actions: [{ type: 'postback', text: 'More', payload: 'MORE' }],
    },
  ],
  [
    'postback',
    { role: 'appMaker', type: 'text', text: 'Pick', actions: [{ type: 'postback', text: 'Chat', payload: 'CHAT' }] },
  ],
  [
    'replies + location request',
    {
      role: 'appMaker',
      type: 'text',
      text: 'Where?',
      actions: [
        { type: 'reply', text: 'Here', payload: 'H' },
        { type: 'locationRequest', text: 'Send location' },
      ],
    },
  ],
  [
    'webview',
    {
      role: 'appMaker',
      type: 'text',
      text: 'Pick a date',
      actions: [{ type: 'webview', text: 'Open', uri: 'https://e.org/p', fallback: 'https://e.org/p' }],
    },
  ],
];

const textWith = (...actions: object[]) => ({ role: 'appMaker', type: 'text', text: 'x', actions });

const INVALID_V1: Array<[string, object, string]> = [
  ['no role', { type: 'text', text: 'hi' }, 'role'],
  ['role bot', { role: 'bot', type: 'text', text: 'hi' }, 'role'],
  ['type video', { role: 'appMaker', type: 'video', text: 'hi' }, 'type'],
  ['text without text', { role: 'appMaker', type: 'text' }, 'text'],
  ['postback without payload', textWith({ type: 'postback', text: 'Chat' }), 'actions'],
  ['reply without payload', textWith({ type: 'reply', text: 'Chat' }), 'actions'],
  ['link without uri', textWith({ type: 'link', text: 'More' }), 'actions'],
  ['action type button', textWith({ type: 'button', text: 'B' }), 'actions'],
  ['carousel without items', { role: 'appMaker', type: 'carousel' }, 'items'],
  [
    'item with 4 actions',
    { role: 'appMaker', type: 'carousel', items: [{ title: 'T', actions: [link, link, link, link] }] },
    'items',
  ],
  ['text as a number', { role: 'appMaker', type: 'text', text: 42 }, 'text'],
  [
    'reply mixed with a link',
    { role: 'appMaker', type: 'text', text: 'x', actions: [{ type: 'reply', text: 'A', payload: 'A' }, link] },
    'actions',
  ],
  ['text over 4096', { role: 'appMaker', type: 'text', text: 'x'.repeat(4097) }, 'text'],
];

describe('REST API', () => {
  let h: Harness;
  let whatsapp: string;
  let conversation: string;
  before(async () => {
    h = await harness();
    const c = h.sim.control.createCustomer({ channel: 'whatsapp', name: 'Jane Doe', phone: '+447400123456' });
    h.sim.control.say(c.id, 'hello');
    whatsapp = c.id;
    conversation = c.conversationId;
  });
  after(() => h.close());

  for (const [name, body] of VALID_V1) {
    test(`v1.1 accepts ${name}: 201 {message, extraMessages, conversation}`, async () => {
      const r = await h.api('POST', `appusers/${whatsapp}/messages`, body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.match(String(at(r.body, 'message', '_id')), /^[0-9a-f]{24}$/);
      assert.equal(at(r.body, 'message', 'role'), 'appMaker');
      assert.deepEqual(at(r.body, 'extraMessages'), []);
      assert.equal(at(r.body, 'conversation', '_id'), conversation);
    });
  }

  for (const [name, body, field] of INVALID_V1) {
    test(`v1.1 rejects ${name}: 400 {error:{code:'bad_request', description}}`, async () => {
      const r = await h.api('POST', `appusers/${whatsapp}/messages`, body);
      assert.equal(r.status, 400);
      assert.equal(at(r.body, 'error', 'code'), 'bad_request');
      assert.match(String(at(r.body, 'error', 'description')), new RegExp(field));
    });
  }

  test('v2 accepts a business text and answers {messages:[...]}', async () => {
    const r = await h.api(
      'POST',
      `conversations/${conversation}/messages`,
      { author: { type: 'business' }, content: { type: 'text', text: 'Hello!' } },
      'v2',
    );
    assert.equal(r.status, 201);
    assert.equal(at(r.body, 'messages', 0, 'author', 'type'), 'business');
    assert.deepEqual(at(r.body, 'messages', 0, 'content'), { type: 'text', text: 'Hello!' });
  });

  test('v2 rejects a v1.1 body with the v2 error shape, one error per problem', async () => {
    const r = await h.api(
      'POST',
      `conversations/${conversation}/messages`,
      { role: 'appMaker', type: 'text', text: 'hi' },
      'v2',
    );
    assert.equal(r.status, 400);
    const errors = at(r.body, 'errors') as Array<{ code: string }>;
    assert.ok(errors.length >= 2);
    for (const e of errors) assert.equal(e.code, 'bad_request');
  });

  test('v2 template needs schema "whatsapp"', async () => {
    const content = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
    const bad = await h.api(
      'POST',
      `conversations/${conversation}/messages`,
      { author: { type: 'business' }, content },
      'v2',
    );
    assert.equal(bad.status, 400);
    const ok = await h.api(
      'POST',
      `conversations/${conversation}/messages`,
      { author: { type: 'business' }, schema: 'whatsapp', content },
      'v2',
    );
    assert.equal(ok.status, 201);
  });

  test('v1.1 typing activity; conversation:read goes to its own endpoint', async () => {
    const typing = await h.api('POST', `appusers/${whatsapp}/conversation/activity`, {
      role: 'appMaker',
      type: 'typing:start',
    });
    assert.equal(typing.status, 200);
    assert.equal(at(typing.body, 'conversation', '_id'), conversation);
    const read = await h.api('POST', `appusers/${whatsapp}/conversation/activity`, {
      role: 'appMaker',
      type: 'conversation:read',
    });
    assert.equal(read.status, 400);
    const byAppUser = await h.api('POST', `appusers/${whatsapp}/conversation/activity`, {
      role: 'appUser',
      type: 'typing:start',
    });
    assert.equal(byAppUser.status, 400);
    assert.equal((await h.api('POST', `appusers/${whatsapp}/conversation/read`)).status, 200);
  });

  test('v2 activity: business typing and read; a user may only read', async () => {
    const path = `conversations/${conversation}/activity`;
    assert.equal((await h.api('POST', path, { author: { type: 'business' }, type: 'typing:start' }, 'v2')).status, 200);
    assert.equal(
      (await h.api('POST', path, { author: { type: 'business' }, type: 'conversation:read' }, 'v2')).status,
      200,
    );
    assert.equal((await h.api('POST', path, { author: { type: 'user' }, type: 'typing:start' }, 'v2')).status, 400);
  });

  test('GET appuser carries the WhatsApp client with the phone number; unknown user is 404', async () => {
    const r = await h.api('GET', `appusers/${whatsapp}`);
    assert.equal(r.status, 200);
    const client = at(r.body, 'appUser', 'clients', 0);
    assert.equal(at(client, 'platform'), 'whatsapp');
    assert.equal(at(client, 'externalId'), '447400123456');
    assert.equal(at(client, 'raw', 'from'), '447400123456');
    assert.equal(at(r.body, 'appUser', 'givenName'), 'Jane');
    const byUserId = await h.api('GET', 'appusers/447400123456');
    assert.equal(at(byUserId.body, 'appUser', '_id'), whatsapp);
    const missing = await h.api('GET', 'appusers/nope');
    assert.equal(missing.status, 404);
    assert.equal(at(missing.body, 'error', 'code'), 'not_found');
  });

  test('v2 GET user, conversation and clients; unknown conversation is conversation_not_found', async () => {
    assert.equal(at((await h.api('GET', `users/${whatsapp}`, undefined, 'v2')).body, 'user', 'id'), whatsapp);
    assert.equal(
      at((await h.api('GET', `conversations/${conversation}`, undefined, 'v2')).body, 'conversation', 'id'),
      conversation,
    );
    const clients = await h.api('GET', `users/${whatsapp}/clients`, undefined, 'v2');
    assert.equal(at(clients.body, 'clients', 0, 'externalId'), '447400123456');
    const missing = await h.api(
      'POST',
      'conversations/nope/messages',
      { author: { type: 'business' }, content: { type: 'text', text: 'x' } },
      'v2',
    );
    assert.deepEqual(missing.body, { errors: [{ code: 'conversation_not_found', title: 'Conversation not found' }] });
  });

  test('malformed JSON is 400, a body over 100 kB is 413', async () => {
    const url = `${h.sim.httpUrl}/v1.1/apps/${h.sim.appId}/appusers/${whatsapp}/messages`;
    const headers = { authorization: basic(), 'content-type': 'application/json' };
    const bad = await fetch(url, { method: 'POST', headers, body: '{"role":' });
    assert.equal(bad.status, 400);
    const big = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ text: 'x'.repeat(110_000) }) });
    assert.equal(big.status, 413);
  });

  describe('auth', () => {
    const get = (authorization?: string, version = 'v1.1', appId = h.sim.appId) =>
      fetch(`${h.sim.httpUrl}/${version}/apps/${appId}/${version === 'v2' ? 'users' : 'appusers'}/${whatsapp}`, {
        headers: authorization ? { authorization } : {},
      });

    test('missing or wrong credentials: 401 in each version shape', async () => {
      for (const auth of [undefined, basic(KEY_ID, 'wrong'), basic('other', SECRET), 'Bearer x.y.z']) {
        const v1 = await get(auth);
        assert.equal(v1.status, 401);
        assert.deepEqual(await v1.json(), {
          error: { code: 'unauthorized', description: 'Authorization is required' },
        });
        const v2 = await get(auth, 'v2');
        assert.equal(v2.status, 401);
        assert.deepEqual(await v2.json(), { errors: [{ code: 'unauthorized', title: 'Authorization is required' }] });
      }
    });

    test('a JWT signed with the key (kid, scope app) is accepted; another secret is not', async () => {
      assert.equal((await get(`Bearer ${signJwt(KEY_ID, SECRET)}`)).status, 200);
      assert.equal((await get(`Bearer ${signJwt(KEY_ID, 'nope')}`)).status, 401);
      assert.equal((await get(`Bearer ${signJwt(KEY_ID, SECRET, 'user')}`)).status, 401);
    });

    test('another app id with valid credentials is 403', async () => {
      assert.equal((await get(basic(), 'v1.1', 'another-app')).status, 403);
    });
  });
});

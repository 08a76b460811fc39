import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { InboundEvent, InboundResult } from '../channel.js';
import { normaliseWebhook } from './normalise.js';

const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));

function ok(result: InboundResult): Extract<InboundResult, { ok: true }> {
  assert.ok(result.ok, result.ok ? '' : result.problem);
  return result;
}

function only(name: string): InboundEvent {
  const r = ok(normaliseWebhook(fixture(name), NOW));
  assert.equal(r.events.length, 1, JSON.stringify(r));
  return r.events[0] as InboundEvent;
}

describe('v1.1 webhooks', () => {
  test('WhatsApp text: channel timestamp, app user key, phone from the client', () => {
    const e = only('v1/message-text-whatsapp.json');
    assert.deepEqual(e, {
      appId: '5f0c0a11e5a1ab0012ab34cd',
      channel: 'whatsapp',
      customerKey: '22bd83d736b4eb15eec863ec',
      address: { userId: '22bd83d736b4eb15eec863ec' },
      channelTimestamp: 1546269762000,
      timestampSource: 'channel',
      eventId: '6d3b3443c03bb3111e88c6ec',
      kind: 'message',
      content: { type: 'text', text: 'This is a test' },
      profile: { displayName: 'Ada Lovelace', phone: '+447400123456' },
    });
  });

  test('Messenger and X text: names, locale, received time when the channel gave none', () => {
    const m = only('v1/message-text-messenger.json');
    assert.equal(m.channel, 'messenger');
    assert.equal(m.channelTimestamp, 1444348338704);
    assert.deepEqual(m.address, { userId: 'c7f6e6d6c3a637261bd9656f', conversationId: 'c0nv0000000000000000000a' });
    assert.deepEqual(m.profile, { givenName: 'Bob', surname: 'Steve', displayName: 'Steve', locale: 'en-US' });
    const x = only('v1/message-text-twitter.json');
    assert.equal(x.channel, 'twitter');
    assert.deepEqual(x.content, { type: 'text', text: 'hello from X' });
  });

  test('image with caption, file, location', () => {
    const image = only('v1/message-image-messenger.json');
    assert.deepEqual(image.content, {
      type: 'image',
      url: 'http://www.tacobueno.com/media/1338/partytacolarge.png?quality=65',
      mimeType: 'image/png',
      scan: 'pending',
    });
    assert.equal(image.caption, 'my order');
    const file = only('v1/message-file-whatsapp.json');
    assert.deepEqual(file.content, {
      type: 'file',
      url: 'https://media.smooch.io/apps/x/invoice.pdf',
      mimeType: 'application/pdf',
      name: 'invoice.pdf',
      scan: 'pending',
    });
    assert.deepEqual(only('v1/message-location-messenger.json').content, {
      type: 'location',
      latitude: 45.5261583,
      longitude: -73.595346,
      name: 'Office',
      address: '5333 avenue Casgrain',
    });
  });

  test('a quick-reply tap carries its payload; a postback becomes postback content', () => {
    const tap = only('v1/quick-reply-whatsapp.json');
    assert.equal(tap.replyPayload, 'escalate:chat');
    assert.deepEqual(tap.content, { type: 'text', text: 'Chat' });
    const pb = only('v1/postback-messenger.json');
    assert.equal(pb.kind, 'postback');
    assert.deepEqual(pb.content, { type: 'postback', payload: 'escalate:chat', label: 'Chat' });
    assert.equal(pb.eventId, 'postback:55c8c1498590aa1900b9b9b1:571530ee4fae94c32b78b170');
    assert.equal(pb.timestampSource, 'received');
    assert.equal(pb.channelTimestamp, NOW);
  });

  test('typing, read and deliveries', () => {
    const typing = only('v1/typing-messenger.json');
    assert.equal(typing.kind, 'typing');
    assert.equal(typing.typing, true);
    assert.equal(typing.channelTimestamp, 1600000000123);
    assert.equal(only('v1/read-messenger.json').kind, 'read');
    const user = only('v1/delivery-user-whatsapp.json');
    assert.deepEqual(user.delivery, { status: 'user', messageId: '63f3b1a2c0ffee0000000001', isFinal: true });
    assert.equal(user.eventId, 'message:delivery:user:63f3b1a2c0ffee0000000001');
    const failure = only('v1/delivery-failure-whatsapp.json');
    assert.equal(failure.delivery?.status, 'failure');
    assert.equal(failure.delivery?.error?.windowClosed, true);
    assert.equal(failure.delivery?.error?.channelCode, 470);
    assert.match(failure.delivery?.error?.text ?? '', /24 hours.*template/);
    const blocked = only('v1/delivery-failure-messenger-blocked.json');
    assert.equal(blocked.delivery?.error?.windowClosed, true);
    assert.match(blocked.delivery?.error?.text ?? '', /Messenger/);
  });

  test('an unknown trigger is ignored with its name; a malformed known one is a problem', () => {
    assert.deepEqual(normaliseWebhook(fixture('v1/conversation-start.json'), NOW), {
      ok: true,
      events: [],
      ignored: [{ reason: 'unknown_trigger', trigger: 'conversation:start' }],
    });
    const bad = normaliseWebhook({ trigger: 'message:appUser', app: { _id: 'a' }, appUser: { _id: 'u' } }, NOW);
    assert.ok(!bad.ok && /messages/.test(bad.problem));
    assert.equal(normaliseWebhook('hello', NOW).ok, false);
    assert.equal(normaliseWebhook({ foo: 1 }, NOW).ok, false);
  });

  test('our own messages and channels Parley does not serve are ignored', () => {
    const body = fixture('v1/message-text-messenger.json') as { messages: Array<Record<string, unknown>> };
    body.messages.push({ ...body.messages[0], _id: 'echo1', role: 'appMaker' });
    body.messages.push({ ...body.messages[0], _id: 'tg1', source: { type: 'telegram' } });
    const r = ok(normaliseWebhook(body, NOW));
    assert.equal(r.events.length, 1);
    assert.deepEqual(
      r.ignored.map((i) => [i.reason, i.eventId]),
      [
        ['business_echo', 'echo1'],
        ['unsupported_channel', 'tg1'],
      ],
    );
  });
});

describe('v2 webhooks', () => {
  test('WhatsApp text: message id, user+conversation key, profile and phone from the full source', () => {
    const e = only('v2/message-text-whatsapp.json');
    assert.equal(e.eventId, '5f74c7d84a146f3abd72af01');
    assert.equal(e.customerKey, '26508c10541a4b0ff472e5e2:f52b01137aa6c250bc7251fa');
    assert.equal(e.channelTimestamp, Date.parse('2020-09-30T18:00:56.000Z'));
    assert.deepEqual(e.profile, {
      givenName: 'Ada',
      surname: 'Lovelace',
      displayName: 'Ada Lovelace',
      phone: '+447400123456',
      locale: 'en-GB',
    });
  });

  test('Messenger quick reply and X text', () => {
    const m = only('v2/message-text-messenger.json');
    assert.equal(m.replyPayload, 'TACOS');
    assert.equal(m.profile?.phone, undefined);
    assert.equal(only('v2/message-text-twitter.json').channel, 'twitter');
  });

  test('a batch: every element on its own; echoes, other event types and malformed ones ignored', () => {
    const r = ok(normaliseWebhook(fixture('v2/batch-mixed.json'), NOW));
    assert.deepEqual(
      r.events.map((e) => [e.channel, e.content?.type]),
      [
        ['whatsapp', 'location'],
        ['twitter', 'image'],
        ['whatsapp', 'file'],
      ],
    );
    assert.equal(r.events[1]?.caption, 'look');
    assert.deepEqual(
      r.ignored.map((i) => [i.reason, i.trigger]),
      [
        ['business_echo', 'conversation:message'],
        ['unknown_trigger', 'conversation:create'],
        ['invalid_event', 'unknown'],
      ],
    );
  });

  test('postback, typing, read, deliveries', () => {
    const pb = only('v2/postback-messenger.json');
    assert.deepEqual(pb.content, { type: 'postback', payload: 'escalate:voice', label: 'escalate:voice' });
    assert.equal(pb.eventId, '5f74a0d52b5315fc007e7920');
    assert.equal(only('v2/typing-messenger.json').typing, true);
    assert.equal(only('v2/read-whatsapp.json').kind, 'read');
    const channel = only('v2/delivery-channel-twitter.json');
    assert.deepEqual(channel.delivery, { status: 'channel', messageId: '5f74b82c56be263abf0ffd50', isFinal: true });
    const failure = only('v2/delivery-failure-whatsapp.json');
    assert.equal(failure.delivery?.error?.channelCode, 131047);
    assert.equal(failure.delivery?.error?.windowClosed, true);
  });
});

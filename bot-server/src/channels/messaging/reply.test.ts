import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InboundEvent } from '../channel.js';
import { startForm, type FieldValidator } from '../sunshine/form-conversation.js';
import { interpretReply } from './reply.js';
import { apiKeyMatches } from './webhook-route.js';

const said = (text: string, replyPayload?: string): InboundEvent => ({
  eventId: 'e1',
  appId: 'app',
  channel: 'whatsapp',
  customerKey: 'u1',
  address: { userId: 'u1' },
  channelTimestamp: 1,
  timestampSource: 'channel',
  kind: 'message',
  content: { type: 'text', text },
  ...(replyPayload ? { replyPayload } : {}),
});

const phoneOnly: FieldValidator = (field, raw) =>
  field.kind !== 'phone' || /^\+\d{8,15}$/.test(raw.replace(/\s/g, ''))
    ? { ok: true, value: raw.replace(/\s/g, '') }
    : { ok: false, key: 'phone.invalid' };

describe('reading a messaging reply', () => {
  const offered = {
    options: [
      { label: 'Chat', payload: 'p:chat' },
      { label: 'Voice', payload: 'p:voice' },
    ],
  };

  test('a choice by number, by label in any case, or by payload becomes the postback', () => {
    for (const e of [said('1'), said('chat'), said('CHAT.'), said('whatever', 'p:chat')]) {
      const r = interpretReply({ offered }, e, phoneOnly);
      assert.deepEqual(r.kind === 'customer' && r.content, { type: 'postback', payload: 'p:chat', label: 'Chat' });
    }
  });

  test('anything else is free text for the bot; blank is nothing', () => {
    const r = interpretReply({ offered }, said('what are your opening hours?'), phoneOnly);
    assert.deepEqual(r.kind === 'customer' && r.content, { type: 'text', text: 'what are your opening hours?' });
    assert.equal(interpretReply({}, said('   '), phoneOnly).kind, 'nothing');
  });

  test('a form: an invalid answer gets a kind retry, a valid one finishes with the form_response', () => {
    const step = startForm({
      type: 'form',
      formId: 'contact',
      title: 'Your details',
      submitLabel: 'Continue',
      fields: [{ name: 'phone', kind: 'phone', label: 'Phone number', required: true }],
    });
    assert.equal(step.status, 'asking');
    const retry = interpretReply({ form: step.state }, said('not a number'), phoneOnly);
    assert.ok(retry.kind === 'prompt' && retry.prompt.type === 'text');
    assert.match(retry.prompt.text, /doesn't look like a phone number/);
    const done = interpretReply(retry.state, said('+44 7400 123456'), phoneOnly);
    assert.deepEqual(done.kind === 'customer' && done.content, {
      type: 'form_response',
      formId: 'contact',
      values: { phone: '+447400123456' },
    });
  });
});

describe('webhook X-API-Key', () => {
  test('any configured secret matches; missing, empty or wrong does not', () => {
    assert.equal(apiKeyMatches('new', ['old', 'new']), true);
    assert.equal(apiKeyMatches('old', ['old', 'new']), true);
    assert.equal(apiKeyMatches('nope', ['old', 'new']), false);
    assert.equal(apiKeyMatches(undefined, ['old']), false);
    assert.equal(apiKeyMatches('', ['']), false);
    assert.equal(apiKeyMatches('x', []), false);
  });
});

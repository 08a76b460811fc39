import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { choiceContent, matchChoice, type OfferedChoice } from './choices.js';

const CHAT_OR_VOICE: OfferedChoice = {
  options: [
    { label: 'Chat', payload: 'escalate:chat' },
    { label: 'Voice', payload: 'escalate:voice' },
  ],
};

describe('matchChoice', () => {
  test('numbers, labels in any case and payloads all pick the option', () => {
    for (const text of ['1', ' 1.', '1)', '#1', 'chat', 'Chat', 'CHAT', ' chat! ', 'Chat.']) {
      const m = matchChoice(CHAT_OR_VOICE, { text });
      assert.ok(m.matched && m.option.payload === 'escalate:chat', `"${text}"`);
    }
    const voice = matchChoice(CHAT_OR_VOICE, { text: '2' });
    assert.ok(voice.matched && voice.index === 1);
    const tap = matchChoice(CHAT_OR_VOICE, { text: 'Voice', payload: 'escalate:voice' });
    assert.ok(tap.matched && tap.option.label === 'Voice');
    const postback = matchChoice(CHAT_OR_VOICE, { payload: 'escalate:chat' });
    assert.ok(postback.matched && postback.index === 0);
  });

  test('anything else falls through as free text', () => {
    for (const text of ['3', '0', 'I want to chat', 'voicemail', '', '12']) {
      assert.equal(matchChoice(CHAT_OR_VOICE, { text }).matched, false, `"${text}"`);
    }
    assert.equal(matchChoice(undefined, { text: '1' }).matched, false);
    assert.equal(matchChoice(CHAT_OR_VOICE, { payload: 'other' }).matched, false);
  });

  test('accents do not count', () => {
    const offered = { options: [{ label: 'Appel vidéo', payload: 'video' }] };
    assert.ok(matchChoice(offered, { text: 'appel video' }).matched);
  });
});

describe('choiceContent', () => {
  test('a chosen option reaches the bot as a postback with its label', () => {
    assert.deepEqual(choiceContent(CHAT_OR_VOICE, { text: 'chat' }), {
      type: 'postback',
      payload: 'escalate:chat',
      label: 'Chat',
    });
    assert.equal(choiceContent(CHAT_OR_VOICE, { text: 'hello' }), undefined);
  });
});

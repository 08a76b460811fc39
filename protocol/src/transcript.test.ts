import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Content, Message } from './messages.js';
import { neutraliseText, transcriptHtml, transcriptLines, transcriptText } from './transcript.js';

const AT = Date.UTC(2026, 11, 1, 14, 5);
let seq = 0;
function msg(role: Message['author']['role'], content: Content, name?: string): Message {
  seq += 1;
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    author: { role, ...(name ? { name } : {}) },
    content,
    createdAt: AT + seq * 60_000,
  };
}
const names = (a: Message['author']) => (a.role === 'customer' ? 'You' : (a.name ?? a.role));

describe('transcripts', () => {
  const messages = [
    msg('bot', { type: 'text', text: 'Hello! How can I help?' }, 'Parley'),
    msg('customer', { type: 'postback', payload: 'agent', label: 'Talk to a person' }),
    msg('customer', { type: 'form_response', formId: 'details', values: { name: 'Ada', phone: '+447700900123' } }),
    msg('system', { type: 'event', event: 'agent_joined' }),
    msg('agent', { type: 'text', text: 'Hi Ada,\nlet me check.' }, 'Agent Smith'),
  ];

  test('text: one line per message said, times in the given zone, continuation lines indented', () => {
    const text = transcriptText('Conversation', transcriptLines(messages, names), { timeZone: 'UTC' });
    assert.equal(
      text,
      'Conversation\n\n' +
        '[14:06] Parley: Hello! How can I help?\n' +
        '[14:07] You: Talk to a person\n' +
        '[14:08] You: Ada\n    +447700900123\n' +
        '[14:10] Agent Smith: Hi Ada,\n    let me check.\n',
    );
  });

  test('form answers are labelled for an agent', () => {
    const lines = transcriptLines(messages, names, 'labelled');
    assert.equal(lines[2]?.text, 'name: Ada\nphone: +447700900123');
  });

  test('HTML escapes every value and carries no markup of its own from the conversation', () => {
    const evil = [
      msg('customer', { type: 'text', text: '<script>alert(1)</script><img src=x onerror=alert(2)> & "q" \'s\'' }),
      msg('agent', { type: 'text', text: 'ok' }, '<b>Mallory</b>'),
    ];
    const page = transcriptHtml('<i>Title</i>', transcriptLines(evil, names), { timeZone: 'UTC', locale: 'en"><x' });
    assert.doesNotMatch(page, /<script|<img|<b>Mallory|<i>Title|<x/);
    assert.match(
      page,
      /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt; &amp; &quot;q&quot; &#39;s&#39;/,
    );
    assert.match(page, /&lt;b&gt;Mallory&lt;\/b&gt;/);
    assert.match(page, /<title>&lt;i&gt;Title&lt;\/i&gt;<\/title>/);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
  });

  test('bidi overrides, isolates and control characters are removed from text and HTML', () => {
    const trojan = 'access = "user\u202E \u2066// admin\u2069 \u2066"\u0007\u200F';
    assert.equal(neutraliseText(trojan), 'access = "user // admin "');
    const lines = transcriptLines([msg('customer', { type: 'text', text: trojan })], names);
    for (const out of [transcriptText('t\u202E', lines), transcriptHtml('t\u202E', lines)]) {
      assert.doesNotMatch(out, /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
      assert.ok(!out.includes('\u0007'));
    }
    assert.match(transcriptHtml('t', lines), /<p dir="auto">access = &quot;user \/\/ admin &quot;<\/p>/);
  });
});

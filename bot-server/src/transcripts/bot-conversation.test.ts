import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Content, Message } from '@parley/protocol';
import { botConversationParts } from './bot-conversation.js';

const AT = Date.UTC(2026, 11, 1, 9, 30);
function msg(seq: number, role: Message['author']['role'], content: Content): Message {
  return { id: `m${seq}`, conversationId: 'c1', seq, author: { role }, content, createdAt: AT + seq * 60_000 };
}

test('the bot conversation goes to the agent whole, headed, names and times in UTC, events left out', () => {
  const parts = botConversationParts(
    [
      msg(1, 'bot', { type: 'text', text: 'Hello! How can I help?' }),
      msg(2, 'customer', { type: 'text', text: 'My <b>invoice</b> is wrong' }),
      msg(3, 'system', { type: 'event', event: 'escalation_requested' }),
      msg(4, 'customer', {
        type: 'form_response',
        formId: 'details',
        values: { name: 'Jane', phone: '+447700900123' },
      }),
    ],
    'Jane',
  );
  assert.deepEqual(parts, [
    'Conversation with the bot (1/1, times UTC)\n' +
      '[09:31] Bot: Hello! How can I help?\n' +
      '[09:32] Jane: My <b>invoice</b> is wrong\n' +
      '[09:34] Jane: name: Jane\n    phone: +447700900123',
  ]);
});

test('a long conversation is cut into parts that each fit one agent-desktop message', () => {
  const transcript = Array.from({ length: 60 }, (_, i) =>
    msg(i + 1, i % 2 ? 'customer' : 'bot', { type: 'text', text: `${i} ${'x'.repeat(150)}` }),
  );
  transcript.push(msg(61, 'customer', { type: 'text', text: 'y'.repeat(5000) }));
  const parts = botConversationParts(transcript, 'Jane', 4045);
  assert.ok(parts.length >= 3);
  parts.forEach((p, i) => {
    assert.ok(Array.from(p).length <= 4045, `part ${i + 1} fits`);
    assert.ok(p.startsWith(`Conversation with the bot (${i + 1}/${parts.length}, times UTC)\n`));
  });
  const joined = parts.map((p) => p.slice(p.indexOf('\n') + 1)).join('');
  assert.equal(joined.split('y').length - 1, 5000, 'nothing is lost between parts');
  for (let i = 0; i < 60; i++) assert.ok(joined.includes(`: ${i} x`), `message ${i} is there`);
});

test('nothing is sent when the customer never spoke to the bot', () => {
  assert.deepEqual(botConversationParts([msg(1, 'bot', { type: 'text', text: 'Hi' })], 'Jane'), []);
});

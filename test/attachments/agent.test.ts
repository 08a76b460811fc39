/**
 * A clean file while an agent has the chat: it goes through the conversation service like any customer message, so
 * the agent (EWC carries text only) gets its name, type, size and signed link; the bot never reads files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from '@parley/protocol';
import { clamdInstalled, startTestClamd } from '../../bot-server/src/attachments/testing/private-clamd.js';
import { startTestServer } from '../integration/support/test-server.js';
import { join } from '../integration/support/ws-client.js';
import { png } from './support/files.js';

describe('attachments reach the agent', { skip: !clamdInstalled() && 'clamd is not installed' }, () => {
  let clamd: Awaited<ReturnType<typeof startTestClamd>>;
  let s: Awaited<ReturnType<typeof startTestServer>>;

  before(async () => {
    clamd = await startTestClamd();
    s = await startTestServer({ CLAMD_URL: clamd.url });
  });
  after(async () => {
    await s?.close();
    await clamd?.stop();
  });

  const upload = (conversationId: string, token: string, body: Buffer, name: string) =>
    fetch(`${s.url}/api/conversations/${conversationId}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(body),
    });

  test('with the bot, the file is stored and shown but the bot does not answer it', async () => {
    const { c, welcome } = await join(s.wsUrl, s.origin);
    const turns = s.bot.inputs.length;
    const res = await upload(welcome.conversationId, welcome.token, png(), 'meter.png');
    assert.equal(res.status, 201);
    const { message } = (await res.json()) as { message: Message };
    await c.next('message', (f) => f.message.id === message.id);
    assert.equal(s.bot.inputs.length, turns, 'no bot turn for a file');
    await c.close();
  });

  test('with an agent, the agent gets the name, type, size and link once, even when the upload is retried', async () => {
    const { c, welcome } = await join(s.wsUrl, s.origin);
    c.send({ type: 'message.send', clientMsgId: 'a1', content: { type: 'text', text: 'agent' } });
    await c.next('conversation.view', (f) => f.view.status === 'escalation_requested');
    s.cc.emit({
      type: 'agent_joined',
      conversationId: welcome.conversationId,
      agent: { id: '5001', name: 'Agent Ada' },
      participants: [{ id: '5001', name: 'Agent Ada' }],
    });
    await c.next('conversation.view', (f) => f.view.status === 'with_agent');

    const bytes = png();
    const res = await upload(welcome.conversationId, welcome.token, bytes, 'meter.png');
    assert.equal(res.status, 201);
    const { message } = (await res.json()) as { message: Message };
    assert.equal(message.content.type, 'image');
    if (message.content.type !== 'image') return;
    const toAgent = s.cc.sent.filter((m) => m.conversationId === welcome.conversationId && m.text.startsWith('Image:'));
    assert.equal(toAgent.length, 1);
    assert.equal(toAgent[0]?.text, `Image: meter.png (image/png, ${bytes.length} B)\n${message.content.url}`);
    assert.equal((await fetch(message.content.url)).status, 200, 'the link the agent got works');
    await c.close();
  });
});

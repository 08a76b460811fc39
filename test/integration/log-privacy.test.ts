/**
 * Canary test (quality target S8): a conversation full of personal data leaves none of it in the
 * info-level log, including the token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../bot-server/src/logger.js';
import { startTestServer } from './support/test-server.js';
import { join } from './support/ws-client.js';

test('no personal data or token in info-level logs', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ LOG_LEVEL: 'info' }, sink);
  const s = await startTestServer({}, { logger });
  try {
    const canaries = [
      'Zebedee Canaryname',
      'canary.mail@example.org',
      '+447911000111',
      'CANARY message text',
      'CANARY agent text',
    ];
    const { c, welcome } = await join(s.wsUrl, s.origin, {
      user: { name: canaries[0], email: canaries[1], phone: canaries[2] },
    });
    c.send({ type: 'message.send', clientMsgId: 'p1', content: { type: 'text', text: canaries[3] } });
    await c.next('message.ack');
    c.send({ type: 'message.send', clientMsgId: 'p2', content: { type: 'text', text: 'agent' } });
    await c.next('conversation.view', (f) => f.view.status === 'escalation_requested');
    s.cc.emit({
      type: 'agent_joined',
      conversationId: welcome.conversationId,
      agent: { id: '5001', name: 'Agent Canary' },
      participants: [{ id: '5001', name: 'Agent Canary' }],
    });
    s.cc.emit({
      type: 'agent_message',
      conversationId: welcome.conversationId,
      agent: { id: '5001', name: 'Agent Canary' },
      text: canaries[4] as string,
      at: Date.now(),
    });
    await c.next('message', (f) => f.message.author.role === 'agent');
    const r = await fetch(`${s.url}/api/conversations/${welcome.conversationId}/transcript`, {
      headers: { Authorization: `Bearer ${welcome.token}` },
    });
    assert.equal(r.status, 200);
    c.send({ type: 'conversation.end' });
    await c.next('conversation.view', (f) => f.view.status === 'ended');
    await c.close();
    const log = lines.join('');
    assert.ok(log.includes(welcome.conversationId), 'the log does record what happened, by id');
    for (const canary of [...canaries, welcome.token, 'Agent Canary'])
      assert.ok(!log.includes(canary), `log contains ${canary}`);
  } finally {
    await s.close();
  }
});

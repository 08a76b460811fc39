/**
 * A customer outside chat hours leaves a message for agents: over a real socket, the bot says when agents are
 * there, takes the message, and the agents' mailbox (MESSAGES_TO) gets it through a real SMTP peer (smtp-server)
 * with the customer's details and the conversation, escaped; the audit trail says it was sent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { createBotEngine } from '../../bot-server/src/bot/index.js';
import { loadConfig } from '../../bot-server/src/config/index.js';
import type { Store } from '../../bot-server/src/domain/ports.js';
import { UnavailableContactCenter } from '../../bot-server/src/domain/unavailable-contact-center.js';
import { MemoryFanout } from '../../bot-server/src/fanout/memory.js';
import { createLogger } from '../../bot-server/src/logger.js';
import { createServer, type ParleyServer } from '../../bot-server/src/server.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { parseOpeningHours } from '../../bot-server/src/time/opening-hours.js';
import { UTC } from '../../bot-server/src/time/zone.js';
import { waitUntil } from '../e2e/support/wait.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.js';
import { join, type TestClient } from './support/ws-client.js';

describe('leaving a message outside chat hours', () => {
  let store: Store;
  let server: ParleyServer;
  let bot: Awaited<ReturnType<typeof createBotEngine>>;
  let smtp: SmtpPeer;
  let url: string;
  const dir = mkdtempSync(pathJoin(tmpdir(), 'parley-leave-message-'));

  before(async () => {
    smtp = await startSmtpPeer();
    const config = loadConfig({
      LISTENING_HTTP_PORT: '0',
      DATABASE_URL: `sqlite:${pathJoin(dir, 'p.db')}`,
      LOG_LEVEL: 'silent',
      FLOWS_RELOAD: 'false',
      SHUTDOWN_GRACE_MS: '1000',
      SMTP_URL: smtp.url,
      MESSAGES_TO: 'contact-centre@example.com',
    });
    const logger = createLogger(config.server);
    store = await openStore(config.store, logger);
    // Agents work Monday only, and today is a holiday: closed whenever the test runs.
    const today = new Date().toISOString().slice(0, 10);
    bot = await createBotEngine(config.bot, logger, {
      chatHours: parseOpeningHours('09:00-17:00', '1-1', UTC, [today]),
    });
    const contactCenter = new UnavailableContactCenter();
    server = createServer(config, { store, bot, contactCenter, fanout: new MemoryFanout(), logger });
    url = await server.listen();
  });

  after(async () => {
    await server.close();
    await bot.close();
    await store.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let n = 0;
  const send = (c: TestClient, content: unknown) => c.send({ type: 'message.send', clientMsgId: `lm-${++n}`, content });

  test('the bot says when agents are there, takes the message, and the agents get it by e-mail', async () => {
    const { c, welcome } = await join(`${url.replace('http', 'ws')}/ws`, url);
    await c.next('message', (f) => f.message.author.role === 'bot');
    send(c, { type: 'text', text: 'can I speak to a real person?' });
    const closed = await c.next(
      'message',
      (f) => f.message.content.type === 'text' && f.message.content.text.includes('closed right now'),
    );
    assert.ok(closed.message.content.type === 'text');
    assert.match(closed.message.content.text, /Mon, 09:00–17:00 \(\+0000\)/);
    const leave = closed.message.content.actions?.find((a) => a.label === 'Leave a message');
    assert.ok(leave && leave.type === 'reply');
    send(c, { type: 'postback', payload: leave.payload, label: leave.label });
    const form = await c.next('message', (f) => f.message.content.type === 'form');
    assert.ok(form.message.content.type === 'form');
    const mailed = smtp.next();
    const words = 'My meter reads 0421 <b>since</b> Tuesday & nobody came.';
    send(c, { type: 'form_response', formId: form.message.content.formId, values: { leftMessage: words } });
    await c.next(
      'message',
      (f) => f.message.content.type === 'text' && /received your message/.test(f.message.content.text),
    );

    const mail = await mailed;
    assert.deepEqual(mail.to, ['contact-centre@example.com']);
    assert.match(mail.raw, /Subject: Message from a customer \(web\)/);
    // Quoted-printable may wrap lines: compare without soft line breaks.
    const body = mail.raw.replace(/=\r?\n/g, '');
    assert.match(body, /nobody came/);
    assert.match(body, /conversation: [0-9a-f-]{36}/);
    assert.match(body, /can I speak to a real person\?/);
    // The text part carries the words as typed; the HTML part escapes them.
    const html = body.slice(body.indexOf('Content-Type: text/html'));
    assert.match(html, /&lt;b&gt;since&lt;\/b&gt; Tuesday &amp; nobody came/);
    assert.ok(!html.includes('<b>since</b>'));
    // The audit follows the SMTP server's acceptance, which the peer reports before the client hears it.
    const audited = await waitUntil(async () => {
      const left = (await store.listEvents(welcome.conversationId)).filter((e) => e.type === 'message_left');
      return left.length > 0 ? left.map((e) => e.data) : undefined;
    }, 'the message_left audit event');
    assert.deepEqual(audited, [{ delivered: true }]);
    await c.close();
  });
});

/**
 * After an agent chat, over real sockets and a real SMTP peer: the agent got the whole bot conversation over EWC,
 * the customer rates the chat once, supervisors read the summary with an operator token, and the transcript
 * downloads as text and HTML (escaped, bidi controls removed) and arrives by e-mail through smtp-server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { startSimulator, type Simulator } from '@parley/aacc-sim';
import { createBotEngine } from '../../bot-server/src/bot/index.js';
import { loadConfig } from '../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../bot-server/src/contact-center/ewc/index.js';
import { systemClock, type ContactCenter, type Store } from '../../bot-server/src/domain/ports.js';
import { MemoryFanout } from '../../bot-server/src/fanout/memory.js';
import { createLogger } from '../../bot-server/src/logger.js';
import { createServer, type ParleyServer } from '../../bot-server/src/server.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.js';
import { chooseChat } from './support/escalate.js';
import { join, type TestClient } from './support/ws-client.js';

const AGENT = '5001';
const OPERATOR = 'operator-token-for-tests-0123456789';

describe('after an agent chat: survey, operator summary, transcripts', () => {
  let sim: Simulator;
  let store: Store;
  let cc: ContactCenter;
  let server: ParleyServer;
  let bot: Awaited<ReturnType<typeof createBotEngine>>;
  let smtp: SmtpPeer;
  let url: string;
  const dir = mkdtempSync(pathJoin(tmpdir(), 'parley-after-chat-'));

  before(async () => {
    smtp = await startSmtpPeer();
    sim = await startSimulator({ port: 0 });
    const config = loadConfig({
      LISTENING_HTTP_PORT: '0',
      DATABASE_URL: `sqlite:${pathJoin(dir, 'p.db')}`,
      LOG_LEVEL: 'silent',
      FLOWS_RELOAD: 'false',
      SHUTDOWN_GRACE_MS: '1000',
      SMTP_URL: smtp.url,
      TRANSCRIPT_FROM: 'Example Co <care@example.com>',
      TRANSCRIPT_EMAILS_MAX: '1',
      OPERATOR_TOKEN: `old-token-still-accepted-0000,${OPERATOR}`,
    });
    const logger = createLogger(config.server);
    store = await openStore(config.store, logger);
    bot = await createBotEngine(config.bot, logger, { defaultCountry: 'GB' });
    cc = createEwcContactCenter({ config: config.ewc, url: sim.ewcUrl, store, clock: systemClock, logger });
    server = createServer(config, { store, bot, contactCenter: cc, fanout: new MemoryFanout(), logger });
    url = await server.listen();
    await sim.control.login(AGENT, 'agent');
    await sim.control.setReady(AGENT, true);
  });

  after(async () => {
    await server.close();
    await cc.close();
    await bot.close();
    await store.close();
    await sim.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let n = 0;
  const send = (c: TestClient, content: unknown) => c.send({ type: 'message.send', clientMsgId: `ac-${++n}`, content });

  /** A customer who chatted with the bot, then with agent 5001, until the agent closed the chat. */
  async function agentChat(name: string, says: string): Promise<{ id: string; token: string }> {
    const { c, welcome } = await join(`${url.replace('http', 'ws')}/ws`, url);
    await chooseChat(c, name, send);
    const offered = await sim.control.waitFor('contact_offered', 15_000, (e) =>
      JSON.stringify(sim.control.contact(e.contactId)).includes(name),
    );
    const opening = sim.control.waitFor('customer_message', 10_000, (e) => e.contactId === offered.contactId);
    await sim.control.answer(AGENT, offered.contactId);
    await c.next('message', (f) => f.message.content.type === 'event' && f.message.content.event === 'agent_joined');
    // The agent got the whole bot conversation as the chat's first message, not only the summary field.
    const first = await opening;
    assert.match(first.text, /^Conversation with the bot \(1\/1, times UTC\)\n\[\d\d:\d\d\] Bot: .+\n/);
    assert.match(first.text, /\] [^:\n]+: I want to talk to a human agent\n/);
    const heard = sim.control.waitFor('customer_message', 10_000, (e) => e.text === says);
    send(c, { type: 'text', text: says });
    await heard;
    await sim.control.say(AGENT, offered.contactId, 'Sorted: the refund is on its way.');
    await c.next('message', (f) => f.message.author.role === 'agent');
    await sim.control.close(AGENT, offered.contactId);
    await c.next('conversation.view', (f) => f.view.status === 'ended', 15_000);
    await c.close();
    return { id: welcome.conversationId, token: welcome.token };
  }

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${url}/api${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });

  test('the customer rates an agent chat once; supervisors see it per agent and per skillset', async () => {
    const { id, token } = await agentChat('Ada Lovelace', 'Thanks!');
    assert.deepEqual(await (await api(`/conversations/${id}/survey`, token)).json(), { offered: true, given: false });

    const bad = await api(`/conversations/${id}/survey`, token, { method: 'POST', body: '{"rating":6}' });
    assert.equal(bad.status, 422);
    const notJson = await api(`/conversations/${id}/survey`, token, {
      method: 'POST',
      body: 'rating=5',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(notJson.status, 415);
    const stranger = await api(`/conversations/${id}/survey`, 'x'.repeat(32), { method: 'POST', body: '{"rating":1}' });
    assert.equal(stranger.status, 401);

    const body = JSON.stringify({ rating: 4, comment: '  Quick\u202E and kind  ' });
    const rated = await api(`/conversations/${id}/survey`, token, { method: 'POST', body });
    assert.equal(rated.status, 201);
    const again = await api(`/conversations/${id}/survey`, token, { method: 'POST', body });
    assert.equal(again.status, 409, 'a survey is given once');
    assert.deepEqual(await (await api(`/conversations/${id}/survey`, token)).json(), { offered: false, given: true });

    assert.equal((await fetch(`${url}/api/operator/surveys`)).status, 401);
    assert.equal((await api('/operator/surveys', token)).status, 401, 'a conversation token is not an operator token');
    const summary = (await (await api('/operator/surveys', OPERATOR)).json()) as {
      count: number;
      agents: Array<{ key: string; name: string; count: number; average: number; ratings: number[] }>;
      skillsets: Array<{ key: string; count: number }>;
    };
    assert.equal(summary.count, 1);
    assert.deepEqual(summary.agents, [
      { key: AGENT, name: 'Agent Smith', count: 1, average: 4, ratings: [0, 0, 0, 1, 0] },
    ]);
    assert.deepEqual(
      summary.skillsets.map((s) => [s.key, s.count]),
      [['WC_Default_Skillset', 1]],
    );
  });

  test('a chat the bot alone handled offers no survey', async () => {
    const { c, welcome } = await join(`${url.replace('http', 'ws')}/ws`, url);
    await c.next('message', (f) => f.message.author.role === 'bot');
    c.send({ type: 'conversation.end' });
    await c.next('conversation.view', (f) => f.view.status === 'ended');
    await c.close();
    const res = await api(`/conversations/${welcome.conversationId}/survey`, welcome.token, {
      method: 'POST',
      body: '{"rating":5}',
    });
    assert.equal(res.status, 409);
  });

  test('the transcript downloads as text and as escaped HTML, and goes by e-mail through SMTP', async () => {
    const evil = '<script>alert(1)</script> \u202Egnp.exe';
    const { id, token } = await agentChat('Mallory Evil', evil);

    const text = await api(`/conversations/${id}/transcript/download?format=text&tz=Europe/London`, token);
    assert.equal(text.status, 200);
    assert.match(text.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
    assert.match(
      text.headers.get('content-disposition') ?? '',
      /^attachment; filename="transcript-\d{4}-\d\d-\d\d\.txt"$/,
    );
    const body = await text.text();
    assert.match(body, /^Your conversation · /);
    assert.match(body, /\[\d\d:\d\d\] You: I want to talk to a human agent\n/);
    assert.match(body, /\[\d\d:\d\d\] You: <script>alert\(1\)<\/script> gnp\.exe\n/);
    assert.match(body, /\[\d\d:\d\d\] Agent Smith: Sorted: the refund is on its way\.\n/);
    assert.doesNotMatch(body, /\u202E/);

    const page = await api(`/conversations/${id}/transcript/download?format=html`, token);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    assert.match(page.headers.get('content-security-policy') ?? '', /sandbox/);
    const html = await page.text();
    assert.doesNotMatch(html, /<script|\u202E/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; gnp\.exe/);
    assert.equal((await api(`/conversations/${id}/transcript/download?format=pdf`, token)).status, 422);
    assert.equal((await api(`/conversations/${id}/transcript/download?format=text`, 'y'.repeat(32))).status, 401);

    const bad = await api(`/conversations/${id}/transcript/email`, token, { method: 'POST', body: '{"to":"nope"}' });
    assert.equal(bad.status, 422);
    const arrived = smtp.next();
    const sent = await api(`/conversations/${id}/transcript/email`, token, {
      method: 'POST',
      body: JSON.stringify({ to: 'mallory@example.com', tz: 'Europe/London' }),
    });
    assert.equal(sent.status, 202);
    const mail = await arrived;
    assert.deepEqual(mail.to, ['mallory@example.com']);
    const raw = mail.raw;
    assert.match(raw, /^From: Example Co <care@example\.com>/m);
    assert.match(raw, /^Subject: /m);
    assert.match(raw, /Content-Type: text\/plain/);
    assert.match(raw, /Content-Type: text\/html/);
    assert.match(raw, /Agent Smith: Sorted: the refund is on its way\./);
    const htmlPart = raw.slice(raw.indexOf('Content-Type: text/html'));
    assert.match(htmlPart, /&lt;script&gt;/);
    assert.doesNotMatch(htmlPart, /<script>/, 'the HTML part escapes what the customer wrote');
    const limited = await api(`/conversations/${id}/transcript/email`, token, {
      method: 'POST',
      body: JSON.stringify({ to: 'mallory@example.com' }),
    });
    assert.equal(limited.status, 429, 'TRANSCRIPT_EMAILS_MAX bounds e-mails per conversation');
    assert.equal(smtp.mails.length, 1);
  });
});

/**
 * The whole chain over real sockets: widget protocol -> bot server (real flow engine, real SQLite)
 * -> EWC gateway -> AACC simulator -> agent, and back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { startSimulator, type Simulator } from '@parley/aacc-sim';
import type { ServerFrameOf } from '@parley/protocol';
import { createBotEngine } from '../../bot-server/src/bot/index.js';
import { loadConfig } from '../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../bot-server/src/contact-center/ewc/index.js';
import { systemClock, type ContactCenter, type Store } from '../../bot-server/src/domain/ports.js';
import { MemoryFanout } from '../../bot-server/src/fanout/memory.js';
import { createLogger } from '../../bot-server/src/logger.js';
import { createServer, type ParleyServer } from '../../bot-server/src/server.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { join, type TestClient } from './support/ws-client.js';

const AGENT = '5001';

describe('escalation to the AACC simulator, end to end', () => {
  let sim: Simulator;
  let store: Store;
  let cc: ContactCenter;
  let server: ParleyServer;
  let bot: Awaited<ReturnType<typeof createBotEngine>>;
  let url: string;
  const dir = mkdtempSync(pathJoin(tmpdir(), 'parley-e2e-'));

  before(async () => {
    sim = await startSimulator({ port: 0 });
    const config = loadConfig({ LISTENING_HTTP_PORT: '0', DATABASE_URL: `sqlite:${pathJoin(dir, 'p.db')}`, LOG_LEVEL: 'silent', FLOWS_RELOAD: 'false', SHUTDOWN_GRACE_MS: '1000' });
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
    rmSync(dir, { recursive: true, force: true });
  });

  const textOf = (f: ServerFrameOf<'message'>) => (f.message.content.type === 'text' ? f.message.content.text : '');
  let n = 0;
  const send = (c: TestClient, content: unknown) => {
    const clientMsgId = `e2e-${++n}`;
    c.send({ type: 'message.send', clientMsgId, content });
    return clientMsgId;
  };

  test('bot collects details, the customer chooses chat, an agent answers, messages flow both ways, the customer ends', async () => {
    const { c } = await join(`${url.replace('http', 'ws')}/ws`, url);
    await c.next('message', (f) => f.message.author.role === 'bot');
    send(c, { type: 'text', text: 'I want to talk to a human agent' });
    const form = await c.next('message', (f) => f.message.content.type === 'form');
    assert.ok(form.message.content.type === 'form');
    send(c, { type: 'form_response', formId: form.message.content.formId, values: { name: 'Ada Lovelace', phone: '07911 123456' } });
    const choice = await c.next('message', (f) => f.message.content.type === 'text' && (f.message.content.actions ?? []).some((a) => a.label === 'Chat'));
    const chat = choice.message.content.type === 'text' ? choice.message.content.actions?.find((a) => a.label === 'Chat') : undefined;
    assert.ok(chat && chat.type === 'postback');
    send(c, { type: 'postback', payload: chat.payload, label: chat.label });

    const offered = await sim.control.waitFor('contact_offered', 15_000);
    const contact = sim.control.contact(offered.contactId);
    assert.equal(JSON.stringify(contact).includes('Ada Lovelace'), true, 'the agent sees the customer name');
    await sim.control.answer(AGENT, offered.contactId);
    await c.next('conversation.view', (f) => f.view.status === 'with_agent', 15_000);
    await c.next('message', (f) => f.message.content.type === 'event' && f.message.content.event === 'agent_joined');

    await sim.control.say(AGENT, offered.contactId, 'Hello Ada, Agent Smith here.');
    const agentMsg = await c.next('message', (f) => f.message.author.role === 'agent', 15_000);
    assert.equal(textOf(agentMsg), 'Hello Ada, Agent Smith here.');
    assert.equal(agentMsg.message.author.name, 'Agent Smith');

    const botInputsBefore = c.frames.filter((f) => f.type === 'message' && f.message.author.role === 'bot').length;
    send(c, { type: 'text', text: 'My meter reading looks wrong' });
    const got = await sim.control.waitFor('customer_message', 15_000, (e) => e.text === 'My meter reading looks wrong');
    assert.equal(got.contactId, offered.contactId);

    c.send({ type: 'conversation.end' });
    await c.next('conversation.view', (f) => f.view.status === 'ended');
    await sim.control.waitFor('contact_closed', 15_000, (e) => e.contactId === offered.contactId);
    const botAfter = c.frames.filter((f) => f.type === 'message' && f.message.author.role === 'bot').length;
    assert.equal(botAfter, botInputsBefore, 'the bot stayed silent while the agent owned the conversation');
    await c.close();
  });
});

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
import {
  systemClock,
  type ContactCenter,
  type ContactCenterEvent,
  type Store,
} from '../../bot-server/src/domain/ports.js';
import { MemoryFanout } from '../../bot-server/src/fanout/memory.js';
import { createLogger } from '../../bot-server/src/logger.js';
import { createServer, type ParleyServer } from '../../bot-server/src/server.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { nextMatching } from '../support/waiters.js';
import { chooseChat } from './support/escalate.js';
import { join, type TestClient } from './support/ws-client.js';

const AGENT = '5001';
const SECOND_AGENT = '5002';

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
    const config = loadConfig({
      LISTENING_HTTP_PORT: '0',
      DATABASE_URL: `sqlite:${pathJoin(dir, 'p.db')}`,
      LOG_LEVEL: 'silent',
      FLOWS_RELOAD: 'false',
      SHUTDOWN_GRACE_MS: '1000',
    });
    const logger = createLogger(config.server);
    store = await openStore(config.store, logger);
    bot = await createBotEngine(config.bot, logger, { defaultCountry: 'GB' });
    // A short first queueStatus poll (3.5 s by default) so the transfer test can wait for one.
    const timings = { queueStatusFirstMs: 200 };
    cc = createEwcContactCenter({ config: config.ewc, url: sim.ewcUrl, store, clock: systemClock, logger, timings });
    server = createServer(config, { store, bot, contactCenter: cc, fanout: new MemoryFanout(), logger });
    url = await server.listen();
    await sim.control.login(AGENT, 'agent');
    await sim.control.setReady(AGENT, true);
    await sim.control.login(SECOND_AGENT, 'agent');
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

  /** A customer who gave their details and chose chat; resolves once the simulator offers the contact. */
  async function customerInQueue(name: string): Promise<{ c: TestClient; contactId: string }> {
    const { c } = await join(`${url.replace('http', 'ws')}/ws`, url);
    await chooseChat(c, name, send);
    const offered = await sim.control.waitFor('contact_offered', 15_000, (e) =>
      JSON.stringify(sim.control.contact(e.contactId)).includes(name),
    );
    return { c, contactId: offered.contactId };
  }

  const eventsOf = (c: TestClient) =>
    c.frames.flatMap((f) =>
      f.type === 'message' && f.message.content.type === 'event'
        ? [{ event: f.message.content.event, data: f.message.content.data ?? {} }]
        : [],
    );

  test('an agent transfer is announced to the customer, the new agent is announced as taking over, no queue place 0', async () => {
    const { c, contactId } = await customerInQueue('Grace Hopper');
    await sim.control.answer(AGENT, contactId);
    await c.next(
      'message',
      (f) => f.message.content.type === 'event' && f.message.content.event === 'agent_joined',
      15_000,
    );

    await sim.control.setReady(SECOND_AGENT, true);
    const polled = nextMatching<ContactCenterEvent>(
      (l) => cc.onEvent(l),
      (e) => e.type === 'queued',
      'a queueStatus answer during the transfer',
      15_000,
    );
    // AACC: participantLeave {agentId: A, endChatFlag: false, participants: []}, then newParticipant {agentId: B, participants: [B]}.
    await sim.control.transfer(AGENT, contactId, { toAgentId: SECOND_AGENT });
    const transferring = await c.next(
      'message',
      (f) => f.message.content.type === 'event' && f.message.content.event === 'transferred',
      15_000,
    );
    assert.equal(
      transferring.message.content.type === 'event' && transferring.message.content.data?.['phase'],
      'started',
    );
    await c.next('conversation.view', (f) => f.view.status === 'queued');
    // While the chat is offered to the new agent, AACC reports position 0: a poll answered meanwhile must not
    // surface as a queue place.
    await polled;
    await sim.control.answer(SECOND_AGENT, contactId);
    const joined = await c.next(
      'message',
      (f) =>
        f.message.content.type === 'event' &&
        f.message.content.event === 'agent_joined' &&
        f.message.content.data?.['transfer'] === true,
      15_000,
    );
    assert.equal(
      joined.message.content.type === 'event' && joined.message.content.data?.['agentName'],
      sim.control.agents().find((a) => a.id === SECOND_AGENT)?.name,
      'the new agent is named (SEND_AGENT_NAME)',
    );
    await c.next('conversation.view', (f) => f.view.status === 'with_agent' && (f.view.agents ?? []).length === 1);

    const events = eventsOf(c);
    assert.deepEqual(events.filter((e) => e.event === 'transferred').length, 1);
    assert.ok(
      !events.some(
        (e) => e.event === 'queue_position' && !(typeof e.data['position'] === 'number' && e.data['position'] >= 1),
      ),
      `no queue event without a real place: ${JSON.stringify(events)}`,
    );
    assert.ok(
      !c.frames.some((f) => f.type === 'conversation.view' && f.view.queue !== undefined && f.view.queue.position < 1),
      'no view with queue place 0',
    );

    c.send({ type: 'conversation.end' });
    await c.next('conversation.view', (f) => f.view.status === 'ended');
    await sim.control.waitFor('contact_closed', 15_000, (e) => e.contactId === contactId);
    await sim.control.setReady(SECOND_AGENT, false);
    await c.close();
  });

  test('bot collects details, the customer chooses chat, an agent answers, messages flow both ways, the customer ends', async () => {
    const { c } = await join(`${url.replace('http', 'ws')}/ws`, url);
    await chooseChat(c, 'Ada Lovelace', send);

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

  test("the details step's e-mail fills AACC's email intrinsic; the consent reaches the agent", async () => {
    const { c } = await join(`${url.replace('http', 'ws')}/ws`, url);
    await chooseChat(c, 'Mary Somerville', send, { email: ' Mary.Somerville@Example.ORG ', consent: 'yes' });
    const offered = await sim.control.waitFor('contact_offered', 15_000, (e) =>
      JSON.stringify(sim.control.contact(e.contactId)).includes('Mary Somerville'),
    );
    const contact = sim.control.contact(offered.contactId);
    assert.equal(contact?.customer.email, 'Mary.Somerville@example.org', 'normalised by the bot, sent as intrinsic');
    assert.deepEqual(
      contact?.customer.customFields.find((f) => f.title === 'Email consent'),
      { title: 'Email consent', value: 'yes' },
    );
    c.send({ type: 'conversation.end' });
    await sim.control.waitFor('contact_closed', 15_000, (e) => e.contactId === offered.contactId);
    await c.close();
  });
});

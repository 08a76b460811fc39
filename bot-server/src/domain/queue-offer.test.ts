/**
 * "Leave a message instead" after a wait in the queue, over the real default flow and a real (SQLite) store, with the
 * contact center scripted and time moved by hand.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { PROTOCOL_VERSION, type Action, type Message, type ServerFrame } from '@parley/protocol';
import { createBotEngine, type ReloadableBotEngine } from '../bot/index.js';
import { ManualClock } from '../contact-center/testing/manual-clock.js';
import { MemoryFanout } from '../fanout/memory.js';
import { openStore } from '../store/index.js';
import { ConversationService } from './conversation-service.js';
import { QUEUE_LEAVE_PAYLOAD, type Store } from './ports.js';
import { ScriptedContactCenter } from './testing/scripted-contact-center.js';

const WAIT_MS = 120_000;
const logger = pino({ level: 'silent' });
let bot: ReloadableBotEngine;
const stores: Store[] = [];
before(async () => {
  bot = await createBotEngine({ FLOWS_DIR: undefined, FLOWS_RELOAD: false, COMPANY_NAME: undefined }, logger);
});
after(async () => {
  await bot.close();
  for (const s of stores) await s.close();
});

async function queuedCustomer(queueOfferAfterMs: number | undefined, locale = 'en-GB') {
  const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'FULL' }, logger);
  stores.push(store);
  const clock = new ManualClock();
  const cc = new ScriptedContactCenter();
  const fanout = new MemoryFanout();
  const settings = {
    sendAgentJoinInfo: true,
    sendAgentName: true,
    defaultSkillset: 'WC_Default_Skillset',
    requestTranscript: false,
    defaultLocale: 'en',
    defaultCountry: 'GB',
    ...(queueOfferAfterMs === undefined ? {} : { queueOfferAfterMs }),
  };
  const service = new ConversationService({ store, bot, contactCenter: cc, fanout, clock, logger, settings });
  const opened = await service.open(
    { type: 'session.hello', v: PROTOCOL_VERSION, locale },
    { clientAddress: '127.0.0.1' },
  );
  const conversationId = opened.session.conversationId;
  const frames: ServerFrame[] = [];
  fanout.subscribe(conversationId, (f) => frames.push(f));
  await service.catchUp(opened);
  await service.drain();
  let n = 0;
  const send = async (content: Message['content']) => {
    await service.send(opened.session, { type: 'message.send', clientMsgId: `m${++n}`, content } as never, () => {});
    await service.drain();
  };
  const messages = () => frames.flatMap((f) => (f.type === 'message' ? [f.message] : []));
  const lastActions = (): Action[] => {
    const last = messages().at(-1)?.content;
    return last?.type === 'text' ? (last.actions ?? []) : [];
  };
  const status = async () => (await store.getConversation(conversationId))?.state;
  const press = (label: string) => {
    const action = lastActions().find((a) => a.label === label);
    assert.ok(
      action && (action.type === 'reply' || action.type === 'postback'),
      `a button "${label}" in ${JSON.stringify(lastActions())}`,
    );
    return send({ type: 'postback', payload: action.payload, label });
  };

  await send({ type: 'text', text: 'I want to talk to an agent' });
  await send({ type: 'form_response', formId: 'contact', values: { name: 'Ann Smith' } });
  await press('Chat');
  assert.equal(await status(), 'escalation_requested');
  cc.emit({ type: 'queued', conversationId, position: 3, estimatedWaitSeconds: 240 });
  await service.drain();
  assert.equal(await status(), 'queued');
  const settle = () => service.drain();
  return { clock, cc, conversationId, service, messages, lastActions, status, press, send, settle };
}

describe('leave a message instead, after a wait in the queue', () => {
  test('offered once the wait reaches QUEUE_OFFER_MESSAGE_AFTER; taking it withdraws the chat and opens the message form', async () => {
    const q = await queuedCustomer(WAIT_MS);
    const before = q.messages().length;
    q.clock.advance(WAIT_MS - 1);
    await q.settle();
    assert.equal(q.messages().length, before, 'nothing offered a moment too early');
    q.clock.advance(1);
    await q.settle();
    const offer = q.messages().at(-1);
    assert.equal(offer?.author.role, 'bot');
    assert.ok(offer?.content.type === 'text');
    assert.match(offer.content.text, /^Sorry for the wait, all our agents are busy/);
    assert.deepEqual(offer.content.actions, [
      { type: 'postback', label: 'Leave a message instead', payload: QUEUE_LEAVE_PAYLOAD },
    ]);
    assert.equal(await q.status(), 'queued', 'the customer is still waiting: the offer changes nothing by itself');
    assert.deepEqual(q.cc.ended, []);

    await q.press('Leave a message instead');
    assert.deepEqual(q.cc.ended, [{ conversationId: q.conversationId, by: 'customer' }], 'the queued chat withdrawn');
    assert.equal(await q.status(), 'collecting');
    const form = q.messages().at(-1)?.content;
    assert.ok(form?.type === 'form' && form.formId === 'message', `the message form, got ${JSON.stringify(form)}`);
    assert.equal(
      q.cc.sent.filter((m) => m.text.includes('Leave a message instead')).length,
      0,
      'the button is not forwarded to an agent',
    );

    // A late word from the contact center about the withdrawn chat changes nothing.
    q.cc.emit({ type: 'ended', conversationId: q.conversationId, by: 'customer' });
    await q.settle();
    assert.equal(await q.status(), 'collecting');
    await q.send({ type: 'form_response', formId: 'message', values: { leftMessage: 'Please call me about my bill' } });
    const thanks = q.messages().filter((m) => m.author.role === 'bot' && m.content.type === 'text');
    assert.match(JSON.stringify(thanks.at(-1)?.content), /we've received your message/);
  });

  test('in French, in the flow’s words', async () => {
    const q = await queuedCustomer(WAIT_MS, 'fr-FR');
    q.clock.advance(WAIT_MS);
    await q.settle();
    assert.deepEqual(q.lastActions(), [
      { type: 'postback', label: 'Laisser plutôt un message', payload: QUEUE_LEAVE_PAYLOAD },
    ]);
  });

  test('no offer once an agent has the chat; the button pressed late is an ordinary message to the agent', async () => {
    const q = await queuedCustomer(WAIT_MS);
    q.clock.advance(WAIT_MS / 2);
    const agent = { id: '5001', name: 'Agent Smith' };
    q.cc.emit({ type: 'agent_joined', conversationId: q.conversationId, agent, participants: [agent] });
    await q.settle();
    assert.equal(await q.status(), 'with_agent');
    assert.equal(q.clock.timerCount, 0, 'the wait was forgotten when the chat left the queue');
    const before = q.messages().length;
    q.clock.advance(WAIT_MS);
    await q.settle();
    assert.equal(q.messages().length, before);
    await q.send({ type: 'postback', payload: QUEUE_LEAVE_PAYLOAD, label: 'Leave a message instead' });
    assert.equal(await q.status(), 'with_agent');
    assert.deepEqual(q.cc.ended, []);
    assert.ok(q.cc.sent.some((m) => m.text === 'Leave a message instead'));
  });

  test('QUEUE_OFFER_MESSAGE_AFTER=0 (or unset) never offers', async () => {
    for (const after of [0, undefined]) {
      const q = await queuedCustomer(after);
      assert.equal(q.clock.timerCount, 0);
      const before = q.messages().length;
      q.clock.advance(3_600_000);
      await q.settle();
      assert.equal(q.messages().length, before);
    }
  });
});

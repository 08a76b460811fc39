import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { LOCATION_DECLINED, PROTOCOL_VERSION, type ServerFrame } from '@parley/protocol';
import { openStore } from '../store/index.js';
import { MemoryFanout } from '../fanout/memory.js';
import { ConversationService } from './conversation-service.js';
import { ScriptedBot } from './testing/scripted-bot.js';
import { ScriptedContactCenter } from './testing/scripted-contact-center.js';
import { systemClock, type Store } from './ports.js';

const stores: Store[] = [];
after(async () => {
  for (const s of stores) await s.close();
});

describe('a location shared from the widget', () => {
  test('is stored, reaches the bot as coordinates and the agent as a maps link; "Not now" is a postback', async () => {
    const logger = pino({ level: 'silent' });
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'FULL' }, logger);
    stores.push(store);
    const fanout = new MemoryFanout();
    const bot = new ScriptedBot();
    const cc = new ScriptedContactCenter();
    const service = new ConversationService({
      store,
      bot,
      contactCenter: cc,
      fanout,
      clock: systemClock,
      logger,
      settings: {
        sendAgentJoinInfo: true,
        sendAgentName: true,
        defaultSkillset: 'WC_Default_Skillset',
        requestTranscript: false,
        defaultLocale: 'en',
        defaultCountry: 'GB',
      },
    });
    const opened = await service.open({ type: 'session.hello', v: PROTOCOL_VERSION }, { clientAddress: '127.0.0.1' });
    const id = opened.session.conversationId;
    const frames: ServerFrame[] = [];
    fanout.subscribe(id, (f) => frames.push(f));
    await service.catchUp(opened);
    const replies: ServerFrame[] = [];
    const send = (clientMsgId: string, content: Parameters<typeof service.send>[1]['content']) =>
      service.send(opened.session, { type: 'message.send', clientMsgId, content }, (f) => replies.push(f));

    await send('l1', { type: 'location', latitude: 51.50132, longitude: -0.14189 });
    await service.drain();
    assert.deepEqual(bot.inputs.at(-1), { type: 'location', latitude: 51.50132, longitude: -0.14189 });
    const stored = (await store.listMessages(id)).find((m) => m.clientMsgId === 'l1');
    assert.deepEqual(stored?.content, { type: 'location', latitude: 51.50132, longitude: -0.14189 });
    assert.ok(replies.some((f) => f.type === 'message.ack'));

    await send('d1', { type: 'postback', payload: LOCATION_DECLINED, label: 'Not now' });
    await service.drain();
    assert.deepEqual(bot.inputs.at(-1), { type: 'postback', payload: LOCATION_DECLINED, label: 'Not now' });

    await send('a1', { type: 'text', text: 'agent' });
    const agent = { id: '5001', name: 'Agent Smith' };
    cc.emit({ type: 'agent_joined', conversationId: id, agent, participants: [agent] });
    await service.drain();
    await send('l2', { type: 'location', latitude: 48.85661, longitude: 2.35222 });
    await service.drain();
    const forwarded = cc.sent.find((s) => s.clientMsgId === 'l2');
    assert.equal(
      forwarded?.text,
      'Location: 48.85661, 2.35222\nhttps://www.openstreetmap.org/?mlat=48.85661&mlon=2.35222#map=17/48.85661/2.35222',
    );
  });

  test('coordinates out of range are refused at the socket', async () => {
    const { ClientFrameSchema } = await import('@parley/protocol');
    const frame = (latitude: number) => ({
      type: 'message.send',
      clientMsgId: 'x',
      content: { type: 'location', latitude, longitude: 0 },
    });
    assert.equal(ClientFrameSchema.safeParse(frame(45)).success, true);
    assert.equal(ClientFrameSchema.safeParse(frame(91)).success, false);
    assert.equal(
      ClientFrameSchema.safeParse({ ...frame(1), content: { ...frame(1).content, name: 'x' } }).success,
      false,
    );
  });
});

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { PROTOCOL_VERSION, type ServerFrame } from '@parley/protocol';
import { openStore } from '../store/index.js';
import { MemoryFanout } from '../fanout/memory.js';
import { ConversationService, type ConversationSettings } from './conversation-service.js';
import { ScriptedBot } from './testing/scripted-bot.js';
import { ScriptedContactCenter } from './testing/scripted-contact-center.js';
import { UnavailableContactCenter } from './unavailable-contact-center.js';
import { systemClock, type CallRecord, type ContactCenter, type Store, type VoiceService } from './ports.js';

const settings: ConversationSettings = {
  sendAgentJoinInfo: true,
  sendAgentName: true,
  defaultSkillset: 'WC_Default_Skillset',
  requestTranscript: false,
  defaultLocale: 'en',
  defaultCountry: 'GB',
};

const stores: Store[] = [];
after(async () => {
  for (const s of stores) await s.close();
});

async function harness(
  opts: { cc?: ContactCenter; settings?: Partial<ConversationSettings>; voice?: VoiceService } = {},
) {
  const logger = pino({ level: 'silent' });
  const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'FULL' }, logger);
  stores.push(store);
  const fanout = new MemoryFanout();
  const bot = new ScriptedBot();
  const cc = opts.cc ?? new ScriptedContactCenter();
  const service = new ConversationService({
    store,
    bot,
    contactCenter: cc,
    fanout,
    clock: systemClock,
    logger,
    settings: { ...settings, ...opts.settings },
    ...(opts.voice ? { voice: opts.voice } : {}),
  });
  /** Open a session like a socket does: open, subscribe, catch up. */
  async function connect(hello: { token?: string; lastSeq?: number; conversationId?: string } = {}) {
    const opened = await service.open(
      { type: 'session.hello', v: PROTOCOL_VERSION, ...hello },
      { clientAddress: '127.0.0.1' },
    );
    const frames: ServerFrame[] = [];
    const unsubscribe = fanout.subscribe(opened.session.conversationId, (f) => frames.push(f));
    const caught = await service.catchUp(opened);
    await service.drain();
    const replies: ServerFrame[] = [];
    const send = (text: string, clientMsgId: string) =>
      service.send(opened.session, { type: 'message.send', clientMsgId, content: { type: 'text', text } }, (f) =>
        replies.push(f),
      );
    const texts = () =>
      frames.flatMap((f) =>
        f.type === 'message' && f.message.content.type === 'text'
          ? [`${f.message.author.role}: ${f.message.content.text}`]
          : [],
      );
    const events = () =>
      frames.flatMap((f) =>
        f.type === 'message' && f.message.content.type === 'event' ? [f.message.content.event] : [],
      );
    const views = () => frames.flatMap((f) => (f.type === 'conversation.view' ? [f.view.status] : []));
    return { opened, session: opened.session, ...caught, frames, replies, send, texts, events, views, unsubscribe };
  }
  return { store, fanout, bot, cc, service, connect };
}

describe('conversation service', () => {
  test('a new visitor gets a token, a new conversation and the bot greeting', async () => {
    const h = await harness();
    const c = await h.connect();
    assert.equal(c.welcome.replay, 'new');
    assert.match(c.welcome.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(c.welcome.view.status, 'bot');
    assert.deepEqual(c.texts(), ['bot: Hello! How can I help?']);
  });

  test('the token is stored only as its hash', async () => {
    const h = await harness();
    const c = await h.connect();
    assert.ok(
      await h.store.getVisitorByTokenHash((await import('./visitor-token.js')).hashVisitorToken(c.welcome.token)),
    );
    assert.equal(await h.store.getVisitorByTokenHash(c.welcome.token), undefined);
  });

  test('a message is acked after the durable write, fanned out, and answered by the bot', async () => {
    const h = await harness();
    const c = await h.connect();
    await c.send('hi there', 'm1');
    assert.deepEqual(
      c.replies.map((f) => f.type),
      ['message.ack'],
    );
    const ack = c.replies[0];
    assert.ok(ack?.type === 'message.ack' && ack.duplicate === false && ack.seq === 2);
    const stored = await h.store.listMessages(c.session.conversationId);
    assert.deepEqual(
      stored.map((m) => m.seq),
      [1, 2, 3],
    );
    assert.deepEqual(c.texts(), ['bot: Hello! How can I help?', 'customer: hi there', 'bot: You said: hi there']);
  });

  test('a clientMsgId sent twice is stored once and acked twice; different content is a conflict', async () => {
    const h = await harness();
    const c = await h.connect();
    await c.send('once', 'dup-1');
    await c.send('once', 'dup-1');
    const acks = c.replies.filter((f) => f.type === 'message.ack');
    assert.equal(acks.length, 2);
    assert.ok(acks[0]?.type === 'message.ack' && acks[1]?.type === 'message.ack');
    assert.equal(acks[1].duplicate, true);
    assert.equal(acks[1].seq, acks[0].seq);
    await assert.rejects(
      c.send('other text', 'dup-1'),
      (e: { code?: string }) => e.code === 'PARLEY_ERR_DUPLICATE_CONFLICT',
    );
    const customer = (await h.store.listMessages(c.session.conversationId)).filter((m) => m.author.role === 'customer');
    assert.equal(customer.length, 1);
    assert.equal(h.bot.inputs.filter((i) => i.type === 'text').length, 1, 'the bot saw the message once');
  });

  test('resume replays exactly the missed messages; an unknown resume point is a reset', async () => {
    const h = await harness();
    const c = await h.connect();
    await c.send('one', 'a1');
    const r1 = await h.connect({ token: c.welcome.token, lastSeq: 1, conversationId: c.session.conversationId });
    assert.equal(r1.welcome.replay, 'delta');
    assert.equal(r1.welcome.conversationId, c.session.conversationId);
    assert.equal(r1.welcome.token, c.welcome.token);
    assert.deepEqual(
      r1.messages.map((m) => m.seq),
      [2, 3],
    );
    assert.equal(r1.welcome.lastSeq, 3);
    const ahead = await h.connect({ token: c.welcome.token, lastSeq: 99 });
    assert.equal(ahead.welcome.replay, 'reset');
    assert.deepEqual(ahead.messages, []);
    const foreign = await h.connect({ token: c.welcome.token, lastSeq: 1, conversationId: 'another-conversation' });
    assert.equal(foreign.welcome.replay, 'reset');
    const unknown = await h.connect({ token: 'x'.repeat(43), lastSeq: 2 });
    assert.equal(unknown.welcome.replay, 'reset');
    assert.notEqual(unknown.welcome.token, 'x'.repeat(43), 'an unknown token is replaced, never adopted');
  });

  test('two sessions with the same token share the conversation and both see new messages', async () => {
    const h = await harness();
    const a = await h.connect();
    const b = await h.connect({ token: a.welcome.token });
    assert.equal(b.session.conversationId, a.session.conversationId);
    await b.send('from tab b', 'b1');
    assert.ok(a.texts().includes('customer: from tab b'));
    assert.ok(a.texts().includes('bot: You said: from tab b'));
  });

  test('concurrent sends from two tabs are processed one at a time with contiguous seqs', async () => {
    const h = await harness();
    const a = await h.connect();
    const b = await h.connect({ token: a.welcome.token });
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).send(`msg ${i}`, `c${i}`)));
    const seqs = (await h.store.listMessages(a.session.conversationId)).map((m) => m.seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
    // Every customer message is directly followed by the bot's answer to it: no interleaving.
    const msgs = await h.store.listMessages(a.session.conversationId);
    for (let i = 1; i < msgs.length; i += 2) {
      const q = msgs[i]?.content;
      const r = msgs[i + 1]?.content;
      assert.ok(q?.type === 'text' && r?.type === 'text');
      assert.equal(r.text, `You said: ${q.text}`);
    }
  });

  test('escalation: details and context go to the contact center; agent events become messages and views', async () => {
    const cc = new ScriptedContactCenter();
    const h = await harness({ cc });
    const c = await h.connect();
    await h.store.setDetails(c.session.visitorId, { name: 'Ada', email: 'ada@example.com' }, Date.now());
    await c.send('agent', 'e1');
    assert.equal(cc.started.length, 1);
    const req = cc.started[0];
    assert.equal(req?.customer.name, 'Ada');
    assert.equal(req?.customer.email, 'ada@example.com');
    assert.equal(req?.skillset, 'WC_Default_Skillset');
    assert.deepEqual(
      req?.customFields.map((f) => f.title),
      ['Bot summary', 'Intent', 'Locale'],
    );
    const id = c.session.conversationId;
    cc.emit({ type: 'queued', conversationId: id, position: 2 });
    cc.emit({
      type: 'agent_joined',
      conversationId: id,
      agent: { id: '5001', name: 'Agent Smith' },
      participants: [{ id: '5001', name: 'Agent Smith' }],
    });
    cc.emit({
      type: 'agent_message',
      conversationId: id,
      agent: { id: '5001', name: 'Agent Smith' },
      text: 'Hello, I am Smith',
      at: Date.now(),
      externalId: 'x1',
    });
    cc.emit({
      type: 'agent_message',
      conversationId: id,
      agent: { id: '5001', name: 'Agent Smith' },
      text: 'Hello, I am Smith',
      at: Date.now(),
      externalId: 'x1',
    });
    cc.emit({
      type: 'page_push',
      conversationId: id,
      agent: { id: '5001', name: 'Agent Smith' },
      url: 'javascript:alert(1)',
      at: Date.now(),
    });
    cc.emit({
      type: 'page_push',
      conversationId: id,
      agent: { id: '5001', name: 'Agent Smith' },
      url: 'https://example.com/tariffs',
      at: Date.now(),
    });
    await h.service.drain();
    assert.deepEqual(c.events(), ['escalation_requested', 'queued', 'agent_joined']);
    const pushes = (await h.store.listMessages(id)).flatMap((m) =>
      m.content.type === 'text' && m.content.text.includes(':') && !m.content.text.includes(' ')
        ? [m.content.text]
        : [],
    );
    assert.deepEqual(pushes, ['https://example.com/tariffs'], 'only the safe page push reaches the customer');
    assert.deepEqual(c.views(), ['escalation_requested', 'queued', 'with_agent']);
    const agentMsgs = (await h.store.listMessages(id)).filter(
      (m) => m.author.role === 'agent' && m.content.type === 'text' && m.content.text === 'Hello, I am Smith',
    );
    assert.equal(agentMsgs.length, 1, 'a redelivered agent message is stored once');
    assert.deepEqual(agentMsgs[0]?.author, { role: 'agent', id: '5001', name: 'Agent Smith' });
    // The bot is silent now: customer text goes to the agent.
    const botBefore = h.bot.inputs.length;
    await c.send('my meter is broken', 'e2');
    assert.equal(h.bot.inputs.length, botBefore);
    // The bot conversation went first, as the chat's opening messages; then what the customer types.
    const [botConversation, ...typed] = cc.sent.map((s) => s.text);
    assert.match(botConversation ?? '', /^Conversation with the bot \(1\/1, times UTC\)\n\[\d\d:\d\d\] Bot: /);
    assert.deepEqual(typed, ['my meter is broken']);
    await h.service.typing(c.session, true);
    assert.equal(cc.typing, 1);
    await h.service.end(c.session);
    assert.deepEqual(cc.ended, [{ conversationId: id, by: 'customer' }]);
    assert.equal((await h.store.getConversation(id))?.state, 'ended');
    await assert.rejects(
      c.send('too late', 'e3'),
      (e: { code?: string }) => e.code === 'PARLEY_ERR_CONVERSATION_ENDED',
    );
  });

  test('SEND_AGENT_NAME=false and SEND_AGENT_JOIN_INFO=false hide names and join notices', async () => {
    const cc = new ScriptedContactCenter();
    const h = await harness({ cc, settings: { sendAgentName: false, sendAgentJoinInfo: false } });
    const c = await h.connect();
    await c.send('agent', 'n1');
    const id = c.session.conversationId;
    cc.emit({
      type: 'agent_joined',
      conversationId: id,
      agent: { id: '5001', name: 'Agent Smith' },
      participants: [{ id: '5001', name: 'Agent Smith' }],
    });
    cc.emit({
      type: 'agent_message',
      conversationId: id,
      agent: { id: '5001', name: 'Agent Smith' },
      text: 'hi',
      at: Date.now(),
    });
    await h.service.drain();
    assert.ok(!c.events().includes('agent_joined'));
    assert.equal(c.views().at(-1), 'with_agent');
    const msgs = await h.store.listMessages(id);
    assert.ok(!JSON.stringify(msgs).includes('Smith'));
  });

  test('without a contact center the customer is told and the bot takes over', async () => {
    const cc = new UnavailableContactCenter();
    const h = await harness({ cc });
    const c = await h.connect();
    // The failure is reported after start() returns, as a real adapter would: wait for it, then for its handling.
    const failed = new Promise<void>((resolve) => cc.onEvent(() => resolve()));
    await c.send('agent', 'u1');
    await failed;
    await h.service.drain();
    assert.deepEqual(c.events(), ['escalation_requested', 'agent_unavailable']);
    assert.equal(c.texts().at(-1), 'bot: bot back: handoff_failed (unreachable)');
    assert.equal((await h.store.getConversation(c.session.conversationId))?.state, 'bot');
  });

  test('a contact center that throws on start is a failed escalation, not a crash', async () => {
    const cc = new ScriptedContactCenter();
    cc.failStart = new Error('ECONNREFUSED');
    const h = await harness({ cc });
    const c = await h.connect();
    await c.send('agent', 'f1');
    assert.equal((await h.store.getConversation(c.session.conversationId))?.state, 'bot');
    assert.ok(c.events().includes('agent_unavailable'));
  });

  test('AACC down (health): the escalation is not tried, the bot says so plainly; once back, escalations go through', async () => {
    const cc = new ScriptedContactCenter();
    cc.healthy = false;
    const h = await harness({ cc });
    const c = await h.connect();
    await c.send('agent', 'o1');
    assert.equal(cc.started.length, 0, 'not tried while down');
    assert.equal((await h.store.getConversation(c.session.conversationId))?.state, 'bot');
    assert.equal(c.texts().at(-1), 'bot: bot back: contact_center_lost (outage)');
    assert.ok(!c.events().includes('agent_unavailable'), 'not "no agent is available"');
    cc.healthy = true;
    await c.send('agent', 'o2');
    assert.equal(cc.started.length, 1, 'the notice is gone once AACC is back');
  });

  test('a form: collecting state, invalid answer gets form.invalid, valid answer sets details', async () => {
    const h = await harness();
    const c = await h.connect();
    await c.send('form', 'g1');
    assert.equal((await h.store.getConversation(c.session.conversationId))?.state, 'collecting');
    const bad = {
      type: 'message.send' as const,
      clientMsgId: 'g2',
      content: { type: 'form_response' as const, formId: 'f1', values: { phone: '12' } },
    };
    await h.service.send(c.session, bad, (f) => c.replies.push(f));
    assert.deepEqual(c.replies.at(-1), {
      type: 'form.invalid',
      clientMsgId: 'g2',
      formId: 'f1',
      fields: { phone: 'invalid_phone' },
    });
    const good = {
      type: 'message.send' as const,
      clientMsgId: 'g3',
      content: { type: 'form_response' as const, formId: 'f1', values: { phone: '+447700900123' } },
    };
    await h.service.send(c.session, good, (f) => c.replies.push(f));
    assert.equal((await h.store.getDetails(c.session.visitorId))['phone'], '+447700900123');
    assert.equal((await h.store.getConversation(c.session.conversationId))?.state, 'bot');
  });

  test('voice: call status becomes events and view.call; a failed call hands back to the bot', async () => {
    const listeners = new Set<(e: { conversationId: string; call: CallRecord }) => void>();
    const requests: unknown[] = [];
    let call: CallRecord | undefined;
    const voice: VoiceService = {
      request(input) {
        requests.push(input);
        const now = Date.now();
        call = {
          id: 'call-1',
          conversationId: input.conversationId,
          provider: 'test',
          idempotencyKey: input.idempotencyKey,
          externalId: null,
          phone: input.phone,
          status: 'requested',
          scheduledFor: null,
          data: {},
          createdAt: now,
          updatedAt: now,
        };
        for (const l of listeners) l({ conversationId: input.conversationId, call });
        return Promise.resolve(call);
      },
      async cancel() {},
      onStatus(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      close() {},
    };
    const h = await harness({ voice });
    const c = await h.connect();
    await h.store.setDetails(c.session.visitorId, { name: 'Ada', phone: '+447700900123' }, Date.now());
    await c.send('call me', 'v1');
    await h.service.drain();
    assert.equal(requests.length, 1);
    assert.equal(c.events().filter((e) => e === 'call_status').length, 1, 'the same status twice is one event');
    const conv = await h.store.getConversation(c.session.conversationId);
    assert.equal(conv?.state, 'voice_requested');
    assert.ok(call);
    for (const l of listeners) l({ conversationId: c.session.conversationId, call: { ...call, status: 'ringing' } });
    for (const l of listeners) l({ conversationId: c.session.conversationId, call: { ...call, status: 'no_answer' } });
    await h.service.drain();
    assert.deepEqual(c.views().slice(-3), ['voice_requested', 'voice_active', 'bot']);
    assert.equal(c.texts().at(-1), 'bot: bot back: voice_failed');
  });

  test('voice: phone and time from the escalate action reach the voice service', async () => {
    const requests: Array<{ phone: string; when?: number; idempotencyKey: string }> = [];
    const voice: VoiceService = {
      request(input) {
        requests.push(input);
        const now = Date.now();
        return Promise.resolve({
          id: 'call-2',
          conversationId: input.conversationId,
          provider: 'test',
          idempotencyKey: input.idempotencyKey,
          externalId: null,
          phone: input.phone,
          status: 'scheduled',
          scheduledFor: input.when ?? null,
          data: {},
          createdAt: now,
          updatedAt: now,
        });
      },
      async cancel() {},
      onStatus: () => () => undefined,
      close() {},
    };
    const h = await harness({ voice });
    const c = await h.connect();
    await c.send('call me later', 'v9');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.phone, '+447911123456');
    assert.equal(requests[0]?.when, Date.parse('2030-01-02T10:00:00.000Z'));
    const conv = await h.store.getConversation(c.session.conversationId);
    assert.equal(conv?.state, 'voice_requested');
    const r = await h.connect({ token: c.welcome.token });
    assert.deepEqual(r.welcome.view.call, {
      id: 'call-2',
      status: 'scheduled',
      scheduledFor: Date.parse('2030-01-02T10:00:00.000Z'),
    });
  });

  test('voice without a phone number fails politely and the bot takes over', async () => {
    const voice: VoiceService = {
      request: () => assert.fail('must not dial'),
      cancel: async () => {},
      onStatus: () => () => undefined,
      close() {},
    };
    const h = await harness({ voice });
    const c = await h.connect();
    await c.send('call me', 'v10');
    assert.equal((await h.store.getConversation(c.session.conversationId))?.state, 'bot');
    assert.equal(c.texts().at(-1), 'bot: bot back: voice_failed (no_phone)');
  });

  test('setUser hints fill missing details only', async () => {
    const h = await harness();
    const a = await h.connect();
    await h.store.setDetails(a.session.visitorId, { name: 'Given By Customer' }, Date.now());
    const opened = await h.service.open(
      {
        type: 'session.hello',
        v: PROTOCOL_VERSION,
        token: a.welcome.token,
        user: { name: 'Site Says', email: 'site@example.com' },
      },
      { clientAddress: '127.0.0.1' },
    );
    assert.equal(opened.session.visitorId, a.session.visitorId);
    assert.deepEqual(await h.store.getDetails(a.session.visitorId), {
      name: 'Given By Customer',
      email: 'site@example.com',
    });
  });

  test('orphans of a crash mid-escalation are handed back to the bot; live escalations are left alone', async () => {
    const h = await harness();
    const orphan = await h.connect();
    await orphan.send('agent', 'o1');
    const live = await h.connect();
    await live.send('agent', 'o2');
    await h.store.saveContactCenterSession({
      conversationId: live.session.conversationId,
      provider: 'test',
      externalId: '1',
      secret: 's',
      data: {},
      updatedAt: Date.now(),
    });
    assert.equal(await h.service.recoverOrphans(60_000), 0, 'recently active conversations are not touched');
    assert.equal(await h.service.recoverOrphans(-1), 1);
    assert.equal((await h.store.getConversation(orphan.session.conversationId))?.state, 'bot');
    assert.equal(orphan.texts().at(-1), 'bot: bot back: handoff_failed (unreachable)');
    assert.equal((await h.store.getConversation(live.session.conversationId))?.state, 'escalation_requested');
  });

  test('idle bot conversations are closed as idle_closed; active ones and agent-side ones are left alone', async () => {
    const h = await harness();
    const idle = await h.connect();
    await idle.send('hello', 'i1');
    const escalated = await h.connect();
    await escalated.send('agent', 'i2');
    assert.equal(await h.service.closeIdle(60_000), 0, 'recently active conversations are not touched');
    assert.equal(await h.service.closeIdle(-1), 1);
    const rec = await h.store.getConversation(idle.session.conversationId);
    assert.equal(rec?.state, 'ended');
    const last = (await h.store.listMessages(idle.session.conversationId)).at(-1);
    assert.deepEqual(last?.content, { type: 'event', event: 'idle_closed', data: { by: 'idle' } });
    assert.equal((await h.store.getConversation(escalated.session.conversationId))?.state, 'escalation_requested');
    assert.equal(await h.service.closeIdle(-1), 0, 'an ended conversation is not closed twice');
  });

  test("transcript: right token only, and never another visitor's conversation", async () => {
    const h = await harness();
    const a = await h.connect();
    const b = await h.connect();
    await a.send('hello', 't1');
    const t = await h.service.transcript(a.welcome.token, a.session.conversationId);
    assert.equal(t.messages.length, 3);
    await assert.rejects(
      h.service.transcript('y'.repeat(43), a.session.conversationId),
      (e: { code?: string }) => e.code === 'PARLEY_ERR_BAD_TOKEN',
    );
    await assert.rejects(
      h.service.transcript(b.welcome.token, a.session.conversationId),
      (e: { code?: string }) => e.code === 'PARLEY_ERR_NOT_FOUND',
    );
  });
});

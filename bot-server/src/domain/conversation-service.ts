/**
 * The conversation service: the hub between the widget sessions, the store, the bot, the contact
 * center and voice. It depends only on the ports (no ws, no express) and drives every change of a
 * conversation through the pure conversation machine.
 *
 * Guarantees:
 *  - a customer message is acknowledged only after its durable write, exactly once per clientMsgId
 *    (a re-send is acked again with duplicate:true; the same id with other content is refused);
 *  - all work on one conversation runs in order, one task at a time (customer frames from every tab,
 *    contact-center and call events), so two tabs cannot race and the transcript keeps its order;
 *  - every stored message is fanned out to every tab of the conversation.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import {
  LIMITS,
  PROTOCOL_VERSION,
  isSafeUrl,
  type Author,
  type ClientFrameOf,
  type Content,
  type ConversationView,
  type Message,
  type ServerFrame,
  type ServerFrameOf,
} from '@parley/protocol';
import { ParleyError } from '../errors.js';
import { dataOf, statusOf, viewOf, type ConversationData } from './conversation-data.js';
import { isAgentSide, transition, type MachineEffect, type MachineEvent } from './conversation-machine.js';
import { agentTextOf, botInputOf, escalationRequestOf, isBlank } from './customer-input.js';
import { KeyedQueue } from './keyed-queue.js';
import type {
  AgentRef,
  BotEngine,
  BotInput,
  CallRecord,
  Clock,
  ContactCenter,
  ContactCenterEvent,
  ConversationRecord,
  Fanout,
  Store,
  VoiceService,
} from './ports.js';
import { hashVisitorToken, newVisitorToken } from './visitor-token.js';

export type ServiceLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface ConversationSettings {
  sendAgentJoinInfo: boolean;
  sendAgentName: boolean;
  defaultSkillset: string;
  requestTranscript: boolean;
  defaultLocale: string;
  defaultCountry: string;
}

export interface ConversationServiceDeps {
  store: Store;
  bot: BotEngine;
  contactCenter: ContactCenter;
  fanout: Fanout;
  clock: Clock;
  /** Absent when voice escalation is not deployed: voice requests then fail politely. */
  voice?: VoiceService;
  logger: ServiceLogger;
  settings: ConversationSettings;
}

/** One widget connection's identity, fixed at hello. */
export interface Session {
  visitorId: string;
  conversationId: string;
  locale: string;
  clientAddress: string;
}

export interface OpenedSession {
  session: Session;
  token: string;
  replay: 'delta' | 'reset' | 'new';
  /** For `delta`: replay messages with seq greater than this. */
  afterSeq: number;
}

export type Reply = (frame: ServerFrame) => void;

/** At most this many messages are replayed on resume; beyond it the widget is told to reload. */
const MAX_REPLAY = 500;
const REPLAY_PAGE = 100;
const HISTORY_PAGE_DEFAULT = 30;
const CAS_ATTEMPTS = 5;
const BOT_AUTHOR: Author = { role: 'bot', id: 'parley' };
const SYSTEM_AUTHOR: Author = { role: 'system' };
const AGENT_JOIN_EVENTS = new Set(['agent_joined', 'agent_left', 'transferred', 'conferenced']);

/** What an effect needs beyond the machine's data: the input that caused it and where replies go. */
interface EffectContext {
  session?: Session;
  reply?: Reply;
  clientMsgId?: string;
  customerContent?: ClientFrameOf<'message.send'>['content'];
  agentMessage?: { agent: AgentRef; text: string; externalId?: string; url?: string };
  notifyData?: Record<string, string | number | boolean | null>;
  /** Details the bot attached to an escalate action (e.g. phone and callAt for a callback). */
  escalationDetails?: Readonly<Record<string, string>>;
  /** The view data (queue, agents, call) changed: publish the view even if the state did not. */
  viewChanged?: boolean;
}

export class ConversationService {
  private readonly d: ConversationServiceDeps;
  private readonly queue = new KeyedQueue();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(deps: ConversationServiceDeps) {
    this.d = deps;
    this.unsubscribe.push(
      deps.contactCenter.onEvent(
        (e) => void this.enqueue(e.conversationId, 'contact center event', () => this.onContactCenter(e)),
      ),
    );
    if (deps.voice) {
      this.unsubscribe.push(
        deps.voice.onStatus(
          (e) => void this.enqueue(e.conversationId, 'call status', () => this.onCallStatus(e.conversationId, e.call)),
        ),
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  /**
   * Resolves the hello to a visitor and an open conversation (creating them as needed) and decides
   * how the client catches up. The caller subscribes to the fanout, then calls `catchUp`.
   */
  async open(hello: ClientFrameOf<'session.hello'>, meta: { clientAddress: string }): Promise<OpenedSession> {
    const { store, clock, settings } = this.d;
    const now = clock.now();
    let token = hello.token;
    let visitor = token ? await store.getVisitorByTokenHash(hashVisitorToken(token)) : undefined;
    const locale = hello.locale ?? visitor?.locale ?? settings.defaultLocale;
    let unknownToken = false;
    if (!visitor) {
      unknownToken = token !== undefined;
      token = newVisitorToken();
      visitor = await store.createVisitor({
        id: randomUUID(),
        tokenHash: hashVisitorToken(token),
        locale: hello.locale ?? null,
        now,
      });
    }
    const visitorId = visitor.id;
    if (hello.user) await this.adoptUserHints(visitorId, hello.user, now);
    const opened = await this.queue.run(`visitor:${visitorId}`, async () => {
      const existing = await store.getOpenConversation(visitorId);
      if (existing) {
        const foreign = hello.conversationId !== undefined && hello.conversationId !== existing.id;
        return { conversation: existing, replay: foreign ? ('reset' as const) : ('delta' as const) };
      }
      const data: ConversationData = { locale };
      if (hello.page) data.page = hello.page;
      const conversation = await store.createConversation({
        id: randomUUID(),
        visitorId,
        channel: 'web',
        state: 'bot',
        data: data as Record<string, unknown>,
        now,
      });
      // A resume point for a conversation that no longer exists (ended, or another server's) cannot be honoured.
      const stale = unknownToken || hello.lastSeq !== undefined || hello.conversationId !== undefined;
      return { conversation, replay: stale ? ('reset' as const) : ('new' as const) };
    });
    const session: Session = {
      visitorId,
      conversationId: opened.conversation.id,
      locale,
      clientAddress: meta.clientAddress,
    };
    this.d.logger.info({ conversationId: session.conversationId, replay: opened.replay }, 'session opened');
    return { session, token: token as string, replay: opened.replay, afterSeq: hello.lastSeq ?? 0 };
  }

  /** The site's setUser() identity: unverified hints, so they only fill details the customer has not given. */
  private async adoptUserHints(
    visitorId: string,
    user: NonNullable<ClientFrameOf<'session.hello'>['user']>,
    now: number,
  ): Promise<void> {
    const known = await this.d.store.getDetails(visitorId);
    const hints: Record<string, string> = {};
    for (const key of ['name', 'email', 'phone'] as const) {
      const value = user[key]?.trim();
      if (value && known[key] === undefined) hints[key] = value;
    }
    if (Object.keys(hints).length > 0) await this.d.store.setDetails(visitorId, hints, now);
  }

  /**
   * The welcome frame and the messages to replay (exactly those after `afterSeq`), or a `reset` when
   * the resume point is unknown. A new conversation gets the bot's greeting, delivered by fanout.
   */
  async catchUp(opened: OpenedSession): Promise<{ welcome: ServerFrameOf<'session.welcome'>; messages: Message[] }> {
    const { store, clock, settings } = this.d;
    const conv = await this.get(opened.session.conversationId);
    let replay = opened.replay;
    let messages: Message[] = [];
    if (replay === 'delta') {
      if (opened.afterSeq > conv.lastSeq) replay = 'reset';
      else if (conv.lastSeq - opened.afterSeq > MAX_REPLAY) replay = 'reset';
      else messages = await this.listAfter(conv.id, opened.afterSeq);
    }
    const lastSeq = Math.max(conv.lastSeq, messages.at(-1)?.seq ?? 0);
    if (conv.lastSeq === 0 && dataOf(conv).bot === undefined) {
      void this.enqueue(conv.id, 'bot start', () => this.startBot(conv.id));
    }
    const welcome: ServerFrameOf<'session.welcome'> = {
      type: 'session.welcome',
      v: PROTOCOL_VERSION,
      conversationId: conv.id,
      token: opened.token,
      lastSeq,
      replay,
      view: viewOf(conv),
      serverTime: clock.now(),
      settings: {
        textMaxChars: LIMITS.textMaxChars,
        defaultCountry: settings.defaultCountry,
        locale: opened.session.locale,
      },
    };
    return { welcome, messages };
  }

  private async listAfter(conversationId: string, afterSeq: number): Promise<Message[]> {
    const out: Message[] = [];
    let after = afterSeq;
    for (;;) {
      const page = await this.d.store.listMessagesAfter(conversationId, after, REPLAY_PAGE);
      out.push(...page);
      const last = page.at(-1);
      if (page.length < REPLAY_PAGE || !last) return out;
      after = last.seq;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Customer frames

  /**
   * A customer message: stored (idempotently), acked through `reply`, fanned out, then given to the
   * bot or the agent. Resolves once the whole turn is done. Throws ParleyError for refusals (nothing stored).
   */
  send(session: Session, frame: ClientFrameOf<'message.send'>, reply: Reply): Promise<void> {
    if (isBlank(frame.content))
      return Promise.reject(new ParleyError('PARLEY_ERR_VALIDATION', 'The message is empty.'));
    return this.queue.run(session.conversationId, async () => {
      const conv = await this.get(session.conversationId);
      if (statusOf(conv) === 'ended') throw new ParleyError('PARLEY_ERR_CONVERSATION_ENDED');
      const { message, duplicate } = await this.d.store.appendMessage({
        conversationId: conv.id,
        clientMsgId: frame.clientMsgId,
        author: { role: 'customer' },
        content: frame.content,
        channel: 'web',
        now: this.d.clock.now(),
      });
      if (duplicate && !isDeepStrictEqual(message.content, frame.content))
        throw new ParleyError('PARLEY_ERR_DUPLICATE_CONFLICT');
      reply({
        type: 'message.ack',
        clientMsgId: frame.clientMsgId,
        messageId: message.id,
        seq: message.seq,
        duplicate,
      });
      if (duplicate) return;
      this.publishMessage(message);
      await this.apply(
        conv.id,
        { type: 'customer_message' },
        { session, reply, clientMsgId: frame.clientMsgId, customerContent: frame.content },
        true,
        conv,
      );
    });
  }

  /** Customer typing: forwarded to the agent when one is present. Never stored. */
  typing(session: Session, active: boolean): Promise<void> {
    if (!active) return Promise.resolve();
    return this.queue.run(session.conversationId, async () => {
      const conv = await this.get(session.conversationId);
      const r = transition(statusOf(conv), { type: 'customer_typing' });
      if (r.ok && r.effects.some((e) => e.type === 'forward_typing')) this.d.contactCenter.sendTyping(conv.id);
    });
  }

  /** The customer's "End chat". */
  end(session: Session): Promise<void> {
    return this.queue.run(session.conversationId, async () => {
      await this.apply(session.conversationId, { type: 'customer_end' }, { session }, true);
    });
  }

  /** Cancel a pending callback. */
  cancelCall(session: Session, callId: string): Promise<void> {
    return this.queue.run(session.conversationId, async () => {
      const conv = await this.get(session.conversationId);
      const call = dataOf(conv).view?.call;
      if (!call || call.id !== callId)
        throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such call in this conversation.');
      await this.apply(conv.id, { type: 'customer_cancel_call' }, { session }, true);
    });
  }

  /** A page of the visitor's history across conversations, newest page first. */
  async history(session: Session, frame: ClientFrameOf<'history.fetch'>): Promise<ServerFrameOf<'history'>> {
    const page = await this.d.store.listVisitorHistory(
      session.visitorId,
      frame.before,
      frame.limit ?? HISTORY_PAGE_DEFAULT,
    );
    const out: ServerFrameOf<'history'> = { type: 'history', requestId: frame.requestId, messages: page.messages };
    if (page.before !== undefined) out.before = page.before;
    return out;
  }

  /**
   * The full transcript of a conversation for the holder of its token. Wrong token: BAD_TOKEN;
   * a conversation of another visitor or none: NOT_FOUND (indistinguishable on purpose).
   */
  async transcript(
    token: string,
    conversationId: string,
  ): Promise<{
    conversation: {
      id: string;
      status: string;
      channel: string;
      createdAt: number;
      endedAt: number | null;
      view: ConversationView;
    };
    messages: Message[];
    participants: Awaited<ReturnType<Store['listParticipants']>>;
    events: Awaited<ReturnType<Store['listEvents']>>;
  }> {
    const { store } = this.d;
    const visitor = await store.getVisitorByTokenHash(hashVisitorToken(token));
    if (!visitor) throw new ParleyError('PARLEY_ERR_BAD_TOKEN');
    const conv = await store.getConversation(conversationId);
    if (!conv || conv.visitorId !== visitor.id) throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such conversation.');
    const [messages, participants, events] = await Promise.all([
      store.listMessages(conv.id),
      store.listParticipants(conv.id),
      store.listEvents(conv.id),
    ]);
    return {
      conversation: {
        id: conv.id,
        status: conv.state,
        channel: conv.channel,
        createdAt: conv.createdAt,
        endedAt: conv.endedAt,
        view: viewOf(conv),
      },
      messages,
      participants,
      events,
    };
  }

  /**
   * Hands back to the bot the conversations a crash left mid-escalation: on the agent side with no
   * contact-center session (the process died before the provider accepted the chat), or on the voice
   * side with no call. Only conversations quiet for `quietMs` are touched, so an escalation still
   * being set up (here or on another instance) is left alone. Run at start-up and periodically.
   */
  async recoverOrphans(quietMs = 60_000): Promise<number> {
    const { store, clock } = this.d;
    const states = ['escalation_requested', 'queued', 'with_agent', 'voice_requested', 'voice_active'];
    let recovered = 0;
    for (const candidate of await store.listConversationsByState(states)) {
      if (candidate.updatedAt > clock.now() - quietMs) continue;
      await this.queue.run(candidate.id, async () => {
        const conv = await this.get(candidate.id);
        const status = statusOf(conv);
        if (conv.updatedAt > clock.now() - quietMs) return;
        if (isAgentSide(status) && !(await store.getContactCenterSession(conv.id))) {
          recovered++;
          await this.apply(conv.id, { type: 'cc_failed', reason: 'session_expired' }, {}, false, conv);
        } else if ((status === 'voice_requested' || status === 'voice_active') && !dataOf(conv).view?.call) {
          recovered++;
          await this.apply(
            conv.id,
            { type: 'voice_status', status: 'failed' },
            { notifyData: { reason: 'interrupted' } },
            false,
            conv,
          );
        }
      });
    }
    if (recovered > 0)
      this.d.logger.warn({ recovered }, 'conversations interrupted mid-escalation handed back to the bot');
    return recovered;
  }

  /**
   * Closes bot conversations (`bot`, `collecting`) nobody has touched for `idleMs`: the machine's
   * `idle_timeout`, shown to the customer as `idle_closed`. Conversations owned by an agent or a call
   * are left to the contact center and the dialer. Run periodically; returns how many were closed.
   */
  async closeIdle(idleMs: number): Promise<number> {
    const { store, clock } = this.d;
    let closed = 0;
    for (const candidate of await store.listConversationsByState(['bot', 'collecting'])) {
      if (candidate.updatedAt > clock.now() - idleMs) continue;
      await this.queue.run(candidate.id, async () => {
        // Re-read inside the queue: the customer may have written since the listing.
        const conv = await this.get(candidate.id);
        if (conv.updatedAt > clock.now() - idleMs || !transition(statusOf(conv), { type: 'idle_timeout' }).ok) return;
        closed++;
        await this.apply(conv.id, { type: 'idle_timeout' }, {}, false, conv);
      });
    }
    if (closed > 0) this.d.logger.info({ closed }, 'idle bot conversations closed');
    return closed;
  }

  /** Wait until every queued task has finished (graceful shutdown, tests). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** Stop listening to the contact center and voice (they are closed by their owner). */
  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  // -------------------------------------------------------------------------------------------
  // Contact center and voice events

  private async onContactCenter(e: ContactCenterEvent): Promise<void> {
    const { store, clock, fanout } = this.d;
    const conv = await store.getConversation(e.conversationId);
    if (!conv) {
      this.d.logger.warn(
        { conversationId: e.conversationId, event: e.type },
        'contact center event for an unknown conversation',
      );
      return;
    }
    const now = clock.now();
    if (e.type !== 'agent_message' && e.type !== 'agent_typing' && e.type !== 'comfort') {
      await store.appendEvent({ conversationId: conv.id, type: `contact_center.${e.type}`, data: auditOf(e), now });
    }
    switch (e.type) {
      case 'queued': {
        // A position below 1 (being offered to an agent) or none is not a place in the queue.
        const queue: ConversationView['queue'] =
          e.position !== undefined && e.position >= 1 ? { position: e.position } : undefined;
        if (queue && e.estimatedWaitSeconds !== undefined) queue.estimatedWaitSeconds = e.estimatedWaitSeconds;
        await this.mutate(conv.id, (d) => ({ ...d, view: withQueue(d.view, queue) }));
        return this.apply(
          conv.id,
          { type: 'cc_queued', ...(e.position === undefined ? {} : { position: e.position }) },
          { viewChanged: true },
        );
      }
      case 'comfort':
        if (e.text && statusOf(conv) !== 'ended')
          await this.appendAndPublish(conv.id, SYSTEM_AUTHOR, { type: 'text', text: clip(e.text) });
        return;
      case 'agent_joined':
        await store.addParticipant({
          conversationId: conv.id,
          role: 'agent',
          externalId: e.agent.id ?? null,
          name: e.agent.name ?? null,
          now,
        });
        const afterTransfer = dataOf(conv).transferring === true;
        await this.mutate(conv.id, ({ transferring: _done, ...d }) => ({
          ...d,
          view: { ...d.view, agents: e.participants.map((a) => this.agentView(a)) },
        }));
        return this.apply(
          conv.id,
          { type: 'cc_agent_joined', participants: e.participants.length, afterTransfer },
          { notifyData: this.agentData(e.agent), viewChanged: true },
        );
      case 'agent_left': {
        await store.removeParticipant({ conversationId: conv.id, role: 'agent', externalId: e.agent.id ?? null, now });
        // The last agent leaving without ending the chat hands it on (EWC transfer/requeue): no stale queue place.
        const handedOn = e.participants.length === 0 && statusOf(conv) === 'with_agent';
        await this.mutate(conv.id, (d) => ({
          ...d,
          ...(handedOn ? { transferring: true } : {}),
          view: {
            ...(handedOn ? withQueue(d.view, undefined) : d.view),
            agents: e.participants.map((a) => this.agentView(a)),
          },
        }));
        return this.apply(
          conv.id,
          { type: 'cc_agent_left', remaining: e.participants.length },
          { notifyData: this.agentData(e.agent), viewChanged: true },
        );
      }
      case 'agent_message': {
        const agentMessage: NonNullable<EffectContext['agentMessage']> = { agent: e.agent, text: e.text };
        if (e.externalId !== undefined) agentMessage.externalId = e.externalId;
        return this.apply(conv.id, { type: 'cc_agent_message' }, { agentMessage });
      }
      case 'page_push':
        // Only http(s)/mailto/tel links ever reach a customer, whoever sends them.
        if (!isSafeUrl(e.url) || e.url.length > LIMITS.urlMaxChars) {
          this.d.logger.warn({ conversationId: conv.id }, 'unsafe page push from the contact center dropped');
          return;
        }
        return this.apply(
          conv.id,
          { type: 'cc_agent_message' },
          { agentMessage: { agent: e.agent, text: e.url, url: e.url } },
        );
      case 'agent_typing':
        if (statusOf(conv) === 'with_agent')
          fanout.publish(conv.id, { type: 'typing', author: this.agentAuthor(e.agent), active: true });
        return;
      case 'connection_lost':
        // Tell the customer once per outage, not on every retry.
        if (e.attempt <= 1)
          return this.apply(
            conv.id,
            { type: 'cc_connection', up: false },
            { notifyData: { maxAttempts: e.maxAttempts } },
          );
        return;
      case 'connection_restored':
        return this.apply(conv.id, { type: 'cc_connection', up: true }, {});
      case 'failed':
        return this.apply(conv.id, { type: 'cc_failed', reason: e.reason }, {});
      case 'ended':
        return this.apply(conv.id, { type: 'cc_ended', by: e.by }, {});
      default:
        return assertNever(e);
    }
  }

  private async onCallStatus(conversationId: string, call: CallRecord): Promise<void> {
    const conv = await this.d.store.getConversation(conversationId);
    if (!conv) return;
    const known = dataOf(conv).view?.call;
    // The same status may arrive twice (returned by request() and emitted to listeners).
    if (known && known.id === call.id && known.status === call.status) return;
    await this.mutate(conv.id, (d) => ({ ...d, view: { ...d.view, call: callView(call) } }));
    await this.apply(
      conv.id,
      { type: 'voice_status', status: call.status },
      {
        notifyData: {
          callId: call.id,
          status: call.status,
          ...(call.scheduledFor === null ? {} : { scheduledFor: call.scheduledFor }),
        },
        viewChanged: true,
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // The machine and its effects

  /**
   * Runs one machine event: persists the new state, publishes the view, then carries out the effects
   * in order. Refusals throw when `strict` (customer requests, answered with a coded error); events
   * from the contact center, voice or the bot may arrive late (e.g. after the customer ended) and are
   * logged and ignored.
   */
  private async apply(
    conversationId: string,
    event: MachineEvent,
    ctx: EffectContext,
    strict = false,
    known?: ConversationRecord,
  ): Promise<void> {
    let conv = known ?? (await this.get(conversationId));
    const from = statusOf(conv);
    const r = transition(from, event);
    if (!r.ok) {
      if (strict) throw r.error;
      this.d.logger.debug(
        { conversationId, state: from, event: event.type, code: r.error.code },
        'event ignored in this state',
      );
      return;
    }
    if (r.state !== from) {
      const now = this.d.clock.now();
      conv = await this.update(
        conversationId,
        () => ({ state: r.state, ...(r.state === 'ended' ? { endedAt: now } : {}) }),
        conv,
      );
      await this.d.store.appendEvent({
        conversationId,
        type: 'state',
        data: { from, to: r.state, event: event.type },
        now,
      });
      this.d.logger.info({ conversationId, from, to: r.state, event: event.type }, 'conversation state');
    }
    if (r.state !== from || ctx.viewChanged) this.publishView(conv);
    // Only the first effect may reuse the record: any effect may change the conversation.
    let current: ConversationRecord | undefined = conv;
    for (const effect of r.effects) {
      await this.effect(conversationId, effect, ctx, current);
      current = undefined;
    }
  }

  private async effect(
    conversationId: string,
    effect: MachineEffect,
    ctx: EffectContext,
    known?: ConversationRecord,
  ): Promise<void> {
    const { contactCenter, settings } = this.d;
    switch (effect.type) {
      case 'route_to_bot':
        if (ctx.customerContent) await this.botTurn(conversationId, botInputOf(ctx.customerContent), ctx, known);
        return;
      case 'forward_to_agent':
        if (ctx.customerContent && ctx.clientMsgId)
          await this.forward(conversationId, agentTextOf(ctx.customerContent), ctx.clientMsgId);
        return;
      case 'forward_typing':
        contactCenter.sendTyping(conversationId);
        return;
      case 'deliver_agent_message':
        if (ctx.agentMessage) await this.deliverAgentMessage(conversationId, ctx.agentMessage);
        return;
      case 'start_escalation':
        return this.startEscalation(conversationId, ctx);
      case 'end_escalation':
        try {
          await contactCenter.end(conversationId, 'customer');
        } catch (err) {
          this.d.logger.warn({ conversationId, err: errInfo(err) }, 'contact center end failed');
        }
        return;
      case 'start_voice':
        return this.startVoice(conversationId, ctx);
      case 'cancel_call':
        return this.cancelPendingCall(conversationId);
      case 'notify': {
        if (AGENT_JOIN_EVENTS.has(effect.event) && !settings.sendAgentJoinInfo) return;
        const data = { ...effect.data, ...ctx.notifyData };
        const content: Content = {
          type: 'event',
          event: effect.event,
          ...(Object.keys(data).length > 0 ? { data } : {}),
        };
        await this.appendAndPublish(conversationId, SYSTEM_AUTHOR, content);
        return;
      }
      case 'hand_back_to_bot': {
        const reason = ctx.notifyData?.['reason'];
        const data = { ...effect.data, ...(reason === undefined || reason === null ? {} : { reason: String(reason) }) };
        return this.botTurn(
          conversationId,
          { type: 'event', name: effect.reason, ...(Object.keys(data).length > 0 ? { data } : {}) },
          {},
        );
      }
      default:
        return assertNever(effect);
    }
  }

  private async forward(conversationId: string, text: string, clientMsgId: string): Promise<void> {
    try {
      await this.d.contactCenter.sendMessage(conversationId, text, clientMsgId);
    } catch (err) {
      // The message is stored and acked; the adapter reports a lost session as a `failed` event.
      this.d.logger.warn({ conversationId, err: errInfo(err) }, 'forward to contact center failed');
    }
  }

  private async startBot(conversationId: string): Promise<void> {
    const conv = await this.get(conversationId);
    if (conv.lastSeq !== 0 || dataOf(conv).bot !== undefined || statusOf(conv) !== 'bot') return;
    await this.botTurn(conversationId, { type: 'start' }, {});
  }

  /** One bot turn: handle, persist its state, deliver replies, then carry out its actions. */
  private async botTurn(
    conversationId: string,
    input: BotInput,
    ctx: EffectContext,
    known?: ConversationRecord,
  ): Promise<void> {
    const { store, bot, clock } = this.d;
    let conv = known ?? (await this.get(conversationId));
    const data = dataOf(conv);
    const details = await store.getDetails(conv.visitorId);
    const turn = await bot.handle(
      { state: data.bot, locale: data.locale ?? this.d.settings.defaultLocale, details },
      input,
    );
    const intent = turn.intent?.name ?? data.lastIntent;
    if (!isDeepStrictEqual(data.bot, turn.state) || intent !== data.lastIntent) {
      conv = await this.update(
        conversationId,
        (rec) => ({
          data: { ...dataOf(rec), bot: turn.state, ...(intent === undefined ? {} : { lastIntent: intent }) },
        }),
        conv,
      );
    }
    for (const content of turn.replies) await this.appendAndPublish(conversationId, BOT_AUTHOR, content);

    // Nothing else changes this conversation while this task runs (per-conversation queue).
    const status = statusOf(conv);
    if (turn.state.pendingForm !== undefined && status === 'bot')
      await this.apply(conversationId, { type: 'bot_form_opened' }, {});
    if (turn.state.pendingForm === undefined && status === 'collecting')
      await this.apply(conversationId, { type: 'bot_form_closed' }, {});

    // Details first: an escalation in the same turn needs them.
    for (const action of turn.actions) {
      if (action.type === 'set_details') await store.setDetails(conv.visitorId, action.details, clock.now());
    }
    for (const action of turn.actions) {
      switch (action.type) {
        case 'set_details':
          break;
        case 'form_invalid':
          if (ctx.reply && ctx.clientMsgId)
            ctx.reply({
              type: 'form.invalid',
              clientMsgId: ctx.clientMsgId,
              formId: action.formId,
              fields: action.fields,
            });
          break;
        case 'escalate':
          if (action.skillset) await this.mutate(conversationId, (d) => ({ ...d, skillset: action.skillset }));
          await this.apply(
            conversationId,
            { type: 'escalate', channel: action.channel },
            { ...ctx, ...(action.details ? { escalationDetails: action.details } : {}) },
          );
          break;
        case 'end':
          await this.apply(conversationId, { type: 'customer_end' }, {});
          break;
        default:
          assertNever(action);
      }
    }
  }

  private async startEscalation(conversationId: string, ctx: EffectContext): Promise<void> {
    const { store, bot, contactCenter, settings } = this.d;
    const conv = await this.get(conversationId);
    const data = dataOf(conv);
    const locale = data.locale ?? settings.defaultLocale;
    const details = { ...(await store.getDetails(conv.visitorId)), ...ctx.escalationDetails };
    const transcript = await store.listMessages(conversationId);
    const summary = bot.summarize({ state: data.bot, locale, details }, transcript);
    const request = escalationRequestOf({
      conversationId,
      details,
      data,
      summary,
      locale,
      defaultSkillset: settings.defaultSkillset,
      requestTranscript: settings.requestTranscript,
    });
    try {
      await contactCenter.start(request);
    } catch (err) {
      this.d.logger.warn({ conversationId, err: errInfo(err) }, 'escalation could not start');
      await this.apply(conversationId, { type: 'cc_failed', reason: 'unreachable' }, {});
    }
  }

  private async startVoice(conversationId: string, ctx: EffectContext): Promise<void> {
    const { store, bot, voice, settings } = this.d;
    const conv = await this.get(conversationId);
    const data = dataOf(conv);
    const details = { ...(await store.getDetails(conv.visitorId)), ...ctx.escalationDetails };
    const phone = details['phone'];
    const fail = (reason: string) =>
      this.apply(conversationId, { type: 'voice_status', status: 'failed' }, { notifyData: { reason } });
    if (!voice) return fail('voice_unavailable');
    if (!phone) return fail('no_phone');
    const locale = data.locale ?? settings.defaultLocale;
    const summary = bot.summarize({ state: data.bot, locale, details }, await store.listMessages(conversationId));
    // The flow gives a scheduled callback time as ISO 8601 (escalate details.callAt); absent = call now.
    const when = details['callAt'] ? Date.parse(details['callAt']) : Number.NaN;
    try {
      const call = await voice.request({
        conversationId,
        visitorId: conv.visitorId,
        name: details['name'] ?? 'Web visitor',
        phone,
        ...(Number.isFinite(when) ? { when } : {}),
        clientAddress: ctx.session?.clientAddress ?? 'unknown',
        idempotencyKey: `${conversationId}:${ctx.clientMsgId ?? conv.lastSeq}`,
        context: [
          { title: 'Bot summary', value: summary },
          ...(data.lastIntent ? [{ title: 'Intent', value: data.lastIntent }] : []),
        ],
      });
      await this.onCallStatus(conversationId, call);
    } catch (err) {
      const code = err instanceof ParleyError ? err.code : 'PARLEY_ERR_VOICE_PROVIDER';
      if (!(err instanceof ParleyError))
        this.d.logger.warn({ conversationId, err: errInfo(err) }, 'voice request failed');
      await fail(code);
    }
  }

  private async cancelPendingCall(conversationId: string): Promise<void> {
    const call = dataOf(await this.get(conversationId)).view?.call;
    if (!call || !this.d.voice) return;
    try {
      await this.d.voice.cancel(conversationId, call.id);
    } catch (err) {
      this.d.logger.warn({ conversationId, err: errInfo(err) }, 'call cancel failed');
      throw err;
    }
  }

  private async deliverAgentMessage(
    conversationId: string,
    m: NonNullable<EffectContext['agentMessage']>,
  ): Promise<void> {
    const text = clip(m.text.trim());
    if (text === '') return;
    const content: Content = m.url
      ? { type: 'text', text, actions: [{ type: 'link', label: 'Open link', url: m.url }] }
      : { type: 'text', text };
    // The provider's message id makes a redelivered agent message (e.g. after a reconnect) idempotent.
    const clientMsgId = m.externalId && /^[A-Za-z0-9_.:-]{1,60}$/.test(m.externalId) ? `cc:${m.externalId}` : undefined;
    await this.appendAndPublish(conversationId, this.agentAuthor(m.agent), content, clientMsgId);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private agentAuthor(agent: AgentRef): Author {
    const author: Author = { role: 'agent' };
    if (agent.id) author.id = agent.id.slice(0, 64);
    if (this.d.settings.sendAgentName && agent.name) author.name = agent.name.slice(0, 100);
    return author;
  }

  private agentView(agent: AgentRef): { id?: string; name?: string } {
    const { role: _role, ...rest } = this.agentAuthor(agent);
    return rest;
  }

  private agentData(agent: AgentRef): Record<string, string> {
    return this.d.settings.sendAgentName && agent.name ? { agentName: agent.name.slice(0, 100) } : {};
  }

  private async appendAndPublish(
    conversationId: string,
    author: Author,
    content: Content,
    clientMsgId?: string,
  ): Promise<void> {
    const { message, duplicate } = await this.d.store.appendMessage({
      conversationId,
      author,
      content,
      channel: 'web',
      now: this.d.clock.now(),
      ...(clientMsgId ? { clientMsgId } : {}),
    });
    if (!duplicate) this.publishMessage(message);
  }

  private publishMessage(message: Message): void {
    this.d.fanout.publish(message.conversationId, { type: 'message', message });
  }

  private publishView(conv: ConversationRecord): void {
    this.d.fanout.publish(conv.id, { type: 'conversation.view', view: viewOf(conv) });
  }

  private async get(conversationId: string): Promise<ConversationRecord> {
    const conv = await this.d.store.getConversation(conversationId);
    if (!conv) throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such conversation.');
    return conv;
  }

  /**
   * Compare-and-set update, re-read and re-applied on a version conflict (another instance wrote
   * first). `current`, when given, is tried first and saves a read.
   */
  private async update(
    conversationId: string,
    patch: (rec: ConversationRecord) => { state?: string; data?: Record<string, unknown>; endedAt?: number | null },
    current?: ConversationRecord,
  ): Promise<ConversationRecord> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const rec = attempt === 0 && current ? current : await this.get(conversationId);
      const updated = await this.d.store.updateConversation(conversationId, rec.version, {
        ...patch(rec),
        now: this.d.clock.now(),
      });
      if (updated) return updated;
    }
    throw new ParleyError('PARLEY_ERR_INTERNAL', 'The conversation kept changing; try again.');
  }

  private mutate(
    conversationId: string,
    fn: (data: ConversationData) => ConversationData,
  ): Promise<ConversationRecord> {
    return this.update(conversationId, (rec) => ({ data: fn(dataOf(rec)) as Record<string, unknown> }));
  }

  /** Queue work for a conversation from an event source; failures are logged, never thrown at the source. */
  private enqueue(conversationId: string, what: string, task: () => Promise<void>): Promise<void> {
    return this.queue.run(conversationId, task).catch((err: unknown) => {
      this.d.logger.error({ conversationId, err: errInfo(err) }, `${what} failed`);
    });
  }
}

function withQueue(
  view: ConversationData['view'],
  queue: ConversationView['queue'],
): NonNullable<ConversationData['view']> {
  const { queue: _old, ...rest } = view ?? {};
  return queue ? { ...rest, queue } : rest;
}

function clip(text: string): string {
  return text.length <= LIMITS.textMaxChars ? text : `${text.slice(0, LIMITS.textMaxChars - 1)}…`;
}

function callView(call: CallRecord): NonNullable<ConversationView['call']> {
  return {
    id: call.id,
    status: call.status,
    ...(call.scheduledFor === null ? {} : { scheduledFor: call.scheduledFor }),
  };
}

/** Audit data without personal data: no text, no names. */
function auditOf(e: ContactCenterEvent): Record<string, unknown> {
  switch (e.type) {
    case 'queued':
      return { position: e.position ?? null };
    case 'agent_joined':
    case 'agent_left':
      return { agentId: e.agent.id ?? null, participants: e.participants.length };
    case 'connection_lost':
      return { attempt: e.attempt, maxAttempts: e.maxAttempts };
    case 'failed':
      return { reason: e.reason };
    case 'ended':
      return { by: e.by };
    default:
      return {};
  }
}

function errInfo(err: unknown): { code?: string; message: string } {
  if (err instanceof ParleyError) return { code: err.code, message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}

function assertNever(value: never): never {
  throw new TypeError(`unhandled case ${JSON.stringify(value)}`);
}

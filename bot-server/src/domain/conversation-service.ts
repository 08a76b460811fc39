/**
 * The conversation service: the hub between the customer's sessions, the store, the bot, the contact
 * center and voice. It depends only on the ports (no ws, no express) and drives every change of a
 * conversation through the pure conversation machine. Its modules: sessions (hello, catch-up, history,
 * transcript), contact-center-events (pure event mapping), effects with bot-turns, escalation and
 * voice-calls, sweeps; delivery to the customer goes through the Outbound port, whatever the channel.
 *
 * Guarantees:
 *  - a customer message is acknowledged only after its durable write, exactly once per clientMsgId
 *    (a re-send is acked again with duplicate:true; the same id with other content is refused);
 *  - all work on one conversation runs in order, one task at a time (customer frames from every tab,
 *    contact-center and call events), so two tabs cannot race and the transcript keeps its order;
 *  - every stored message is delivered to every endpoint of the conversation.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ClientFrameOf, Message, ServerFrameOf } from '@parley/protocol';
import { ParleyError } from '../errors.js';
import { startBot } from './bot-turns.js';
import { planContactCenterEvent, type ContactCenterStep } from './contact-center-events.js';
import { dataOf, statusOf } from './conversation-data.js';
import { transition, type MachineEvent } from './conversation-machine.js';
import { ConversationRecords } from './conversation-records.js';
import { isBlank, type InboundContent } from './customer-input.js';
import { runEffect } from './effects.js';
import { errInfo } from './failures.js';
import { KeyedQueue } from './keyed-queue.js';
import { fanoutOutbound, type Outbound } from './outbound.js';
import type { ContactCenterEvent, ConversationRecord } from './ports.js';
import type { ConversationServiceDeps, DomainContext, EffectContext } from './service-context.js';
import {
  catchUp,
  historyPage,
  listAfter,
  openSession,
  transcriptOf,
  type OpenedSession,
  type Reply,
  type Session,
  type Transcript,
} from './sessions.js';
import { customerEventOf, offerToLeaveMessage, QueueOfferTimers } from './queue-offer.js';
import { closeIdle, recoverOrphans } from './sweeps.js';
import { onCallStatus } from './voice-calls.js';

export type { ConversationServiceDeps, ConversationSettings, ServiceLogger } from './service-context.js';
export type { OpenedSession, Reply, Session, Transcript } from './sessions.js';

export class ConversationService {
  private readonly d: ConversationServiceDeps;
  private readonly queue = new KeyedQueue();
  private readonly outbound: Outbound;
  private readonly records: ConversationRecords;
  private readonly ctx: DomainContext;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly queueOffers: QueueOfferTimers;

  constructor(deps: ConversationServiceDeps) {
    this.d = deps;
    this.outbound = deps.outbound ?? fanoutOutbound(deps.fanout);
    this.records = new ConversationRecords(deps.store, deps.clock, this.outbound);
    this.ctx = {
      deps,
      records: this.records,
      apply: (conversationId, event, ctx, strict, known) => this.apply(conversationId, event, ctx, strict, known),
    };
    this.queueOffers = new QueueOfferTimers(deps.clock, deps.settings.queueOfferAfterMs ?? 0, (id) =>
      this.enqueue(id, 'queue offer', () => offerToLeaveMessage(this.ctx, id)),
    );
    this.unsubscribe.push(
      deps.contactCenter.onEvent((e) =>
        this.enqueue(e.conversationId, 'contact center event', () => this.onContactCenter(e)),
      ),
    );
    const { voice } = deps;
    if (voice) {
      this.unsubscribe.push(
        voice.onStatus((e) =>
          this.enqueue(e.conversationId, 'call status', () => onCallStatus(this.ctx, e.conversationId, e.call)),
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
  open(hello: ClientFrameOf<'session.hello'>, meta: { clientAddress: string }): Promise<OpenedSession> {
    return openSession(this.ctx, this.queue, hello, meta);
  }

  /**
   * The welcome frame and the messages to replay (exactly those after `afterSeq`), or a `reset` when
   * the resume point is unknown. A new conversation gets the bot's greeting, delivered by fanout.
   */
  catchUp(opened: OpenedSession): Promise<{ welcome: ServerFrameOf<'session.welcome'>; messages: Message[] }> {
    return catchUp(this.ctx, opened, (conversationId) =>
      this.enqueue(conversationId, 'bot start', () => startBot(this.ctx, conversationId)),
    );
  }

  /** Committed messages after `afterSeq`: what a socket that saw a gap in seqs reads before going on. */
  messagesAfter(conversationId: string, afterSeq: number): Promise<Message[]> {
    return listAfter(this.d.store, conversationId, afterSeq);
  }

  /** The bot's greeting for a conversation a messaging channel opened (the widget's catchUp does this for the web). */
  greet(conversationId: string): Promise<void> {
    return this.queue.run(conversationId, () => startBot(this.ctx, conversationId));
  }

  /** A page of the visitor's history across conversations, newest page first. */
  history(session: Session, frame: ClientFrameOf<'history.fetch'>): Promise<ServerFrameOf<'history'>> {
    return historyPage(this.d.store, session, frame);
  }

  /**
   * The full transcript of a conversation for the holder of its token. Wrong token: BAD_TOKEN;
   * a conversation of another visitor or none: NOT_FOUND (indistinguishable on purpose).
   */
  transcript(token: string, conversationId: string): Promise<Transcript> {
    return transcriptOf(this.d.store, token, conversationId);
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
    const { clientMsgId, content } = frame;
    return this.queue.run(session.conversationId, async () => {
      const conv = await this.records.get(session.conversationId);
      if (statusOf(conv) === 'ended') throw new ParleyError('PARLEY_ERR_CONVERSATION_ENDED');
      const { message, duplicate } = await this.d.store.appendMessage({
        conversationId: conv.id,
        clientMsgId,
        author: { role: 'customer' },
        content,
        channel: conv.channel,
        now: this.d.clock.now(),
      });
      if (duplicate && !isDeepStrictEqual(message.content, content))
        throw new ParleyError('PARLEY_ERR_DUPLICATE_CONFLICT');
      reply({ type: 'message.ack', clientMsgId, messageId: message.id, seq: message.seq, duplicate });
      if (duplicate) return;
      this.outbound.message(message);
      const formInvalid = (formId: string, fields: Record<string, string>) =>
        reply({ type: 'form.invalid', clientMsgId, formId, fields });
      const ctx: EffectContext = { clientAddress: session.clientAddress, clientMsgId, customerContent: content };
      await this.apply(conv.id, customerEventOf(content, statusOf(conv)), { ...ctx, formInvalid }, true, conv);
    });
  }

  /**
   * Customer content that reached Parley by its own path rather than the widget's socket (a scanned upload, an
   * image or location from a messaging channel): stored once (idempotent on `clientMsgId`), delivered to every
   * endpoint, then handed to the agent when one has the chat (the bot does not read media). Resolves with the message.
   */
  postCustomerContent(
    conversationId: string,
    clientMsgId: string,
    content: InboundContent,
    clientAddress?: string,
  ): Promise<Message> {
    return this.queue.run(conversationId, async () => {
      const conv = await this.records.get(conversationId);
      if (statusOf(conv) === 'ended') throw new ParleyError('PARLEY_ERR_CONVERSATION_ENDED');
      const { message, duplicate } = await this.d.store.appendMessage({
        conversationId,
        clientMsgId,
        author: { role: 'customer' },
        content,
        channel: conv.channel,
        now: this.d.clock.now(),
      });
      if (duplicate) return message;
      this.outbound.message(message);
      const ctx: EffectContext = { clientMsgId, customerContent: content, ...(clientAddress ? { clientAddress } : {}) };
      await this.apply(conversationId, customerEventOf(content, statusOf(conv)), ctx, true, conv);
      return message;
    });
  }

  /** Customer typing: forwarded to the agent when one is present. Never stored. */
  typing(session: Session, active: boolean): Promise<void> {
    if (!active) return Promise.resolve();
    return this.queue.run(session.conversationId, async () => {
      const conv = await this.records.get(session.conversationId);
      const r = transition(statusOf(conv), { type: 'customer_typing' });
      if (r.ok && r.effects.some((e) => e.type === 'forward_typing')) this.d.contactCenter.sendTyping(conv.id);
    });
  }

  /** The customer's "End chat". */
  end(session: Session): Promise<void> {
    return this.queue.run(session.conversationId, () =>
      this.apply(session.conversationId, { type: 'customer_end' }, { clientAddress: session.clientAddress }, true),
    );
  }

  /** Cancel a pending callback. */
  cancelCall(session: Session, callId: string): Promise<void> {
    return this.queue.run(session.conversationId, async () => {
      const conv = await this.records.get(session.conversationId);
      const call = dataOf(conv).view?.call;
      if (!call || call.id !== callId)
        throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such call in this conversation.');
      await this.apply(conv.id, { type: 'customer_cancel_call' }, { clientAddress: session.clientAddress }, true);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Sweeps and lifecycle

  /** Hands back to the bot conversations a crash left mid-escalation (see sweeps.ts). Run at start-up and periodically. */
  recoverOrphans(quietMs = 60_000): Promise<number> {
    return recoverOrphans(this.ctx, this.queue, quietMs);
  }

  /** Closes bot conversations nobody has touched for `idleMs` (see sweeps.ts). Run periodically; returns how many. */
  closeIdle(idleMs: number): Promise<number> {
    return closeIdle(this.ctx, this.queue, idleMs);
  }

  /** Wait until every queued task has finished (graceful shutdown, tests). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** Stop listening to the contact center and voice (they are closed by their owner). */
  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.queueOffers.close();
  }

  // -------------------------------------------------------------------------------------------
  // State application

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
    const { store, clock, logger } = this.d;
    let conv = known ?? (await this.records.get(conversationId));
    const from = statusOf(conv);
    const r = transition(from, event);
    if (!r.ok) {
      if (strict) throw r.error;
      logger.debug(
        { conversationId, state: from, event: event.type, code: r.error.code },
        'event ignored in this state',
      );
      return;
    }
    if (r.state !== from) {
      const now = clock.now();
      const state = r.state;
      conv = await this.records.update(
        conversationId,
        () => ({ state, ...(state === 'ended' ? { endedAt: now } : {}) }),
        conv,
      );
      await store.appendEvent({ conversationId, type: 'state', data: { from, to: state, event: event.type }, now });
      logger.info({ conversationId, from, to: state, event: event.type }, 'conversation state');
      this.queueOffers.onStateChange(conversationId, from, state);
    }
    if (r.state !== from || ctx.viewChanged) this.records.publishView(conv);
    // Only the first effect may reuse the record: any effect may change the conversation.
    let current: ConversationRecord | undefined = conv;
    for (const effect of r.effects) {
      await runEffect(this.ctx, conv, effect, ctx, current);
      current = undefined;
    }
  }

  /** A contact-center event: mapped to steps (contact-center-events.ts), carried out in order. */
  private async onContactCenter(e: ContactCenterEvent): Promise<void> {
    const conv = await this.d.store.getConversation(e.conversationId);
    if (!conv) {
      this.d.logger.warn(
        { conversationId: e.conversationId, event: e.type },
        'contact center event for an unknown conversation',
      );
      return;
    }
    const command = e.type === 'agent_message' ? this.d.agentCommands?.expand(e.text) : undefined;
    const snapshot = {
      status: statusOf(conv),
      transferring: dataOf(conv).transferring === true,
      sendAgentName: this.d.settings.sendAgentName,
      ...(command ? { command } : {}),
    };
    const now = this.d.clock.now();
    for (const step of planContactCenterEvent(e, snapshot)) await this.runStep(conv, step, now);
  }

  private async runStep(conv: ConversationRecord, step: ContactCenterStep, now: number): Promise<void> {
    const { store } = this.d;
    const conversationId = conv.id;
    switch (step.type) {
      case 'audit':
        return store.appendEvent({ conversationId, type: step.event, data: step.data, now });
      case 'add_agent':
        return store.addParticipant({
          conversationId,
          role: 'agent',
          externalId: step.externalId,
          name: step.name,
          now,
        });
      case 'remove_agent':
        return store.removeParticipant({ conversationId, role: 'agent', externalId: step.externalId, now });
      case 'patch_view':
        await this.records.patchView(conversationId, step.patch);
        return;
      case 'machine':
        return this.apply(conversationId, step.event, step.ctx);
      case 'post':
        return this.records.post(conv, step.author, step.content);
      case 'typing':
        this.outbound.typing(conversationId, step.author);
        return;
      case 'drop':
        this.d.logger.warn({ conversationId }, step.reason);
        return;
      case 'tell_agent':
        return this.tellAgent(conversationId, step.text);
    }
  }

  /** Marked as Parley's, so the agent does not take it for the customer's words; a failure is only logged. */
  private async tellAgent(conversationId: string, text: string): Promise<void> {
    await this.d.store.appendEvent({ conversationId, type: 'agent_notice', data: { text }, now: this.d.clock.now() });
    try {
      await this.d.contactCenter.sendMessage(conversationId, `[Parley] ${text}`, `notice-${randomUUID()}`);
    } catch (err) {
      this.d.logger.warn({ conversationId, err: errInfo(err) }, 'notice not sent to the agent');
    }
  }

  /** Queue work for a conversation from an event source; failures are logged, never thrown at the source. */
  private enqueue(conversationId: string, what: string, task: () => Promise<void>): void {
    // Fire and forget on purpose: the source (socket, dialer) must not wait for or fail with the work.
    void this.queue.run(conversationId, task).catch((err: unknown) => {
      this.d.logger.error({ conversationId, err: errInfo(err) }, `${what} failed`);
    });
  }
}

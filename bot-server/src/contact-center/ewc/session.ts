/**
 * One escalated conversation on AACC Enterprise Web Chat: at most one upstream socket, guarded by
 * the pure phase machine in session-machine.ts. Owns buffering and idempotent delivery of customer
 * text, the agent-wait / idle / keep-alive / queue-status timers (on the injected Clock), Web-On-Hold,
 * reconnect-and-resume, and persistence of everything needed to resume after a restart.
 *
 * Delivery guarantee upstream: a clientMsgId is written at most once per socket and is never
 * re-sent once AACC acknowledged it. A message written but not acknowledged when the socket drops is
 * re-sent after resume (when this AACC acknowledges messages at all), so the only duplicate window
 * is "AACC received it, the ack was lost with the socket": at-least-once there, exactly-once elsewhere.
 */
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { EwcConfig } from '../../config/index.js';
import type { AgentRef, Clock, ContactCenterEvent, EscalationRequest, Store, TimerHandle } from '../../domain/ports.js';
import { ParleyError } from '../../errors.js';
import { type EwcAgent, type InboundFrame, isInvalidSession, outbound, parseInboundFrame } from './frames.js';
import { OnHoldPlayer } from './on-hold.js';
import { EWC_PROVIDER, type OutboundText, type SessionData } from './persisted-session.js';
import { buildIntrinsics, splitMessage, wantsTranscript } from './request-mapping.js';
import { type Phase, type PhaseEvent, SOCKET_PHASES, transition } from './session-machine.js';

/** Timings that are protocol conventions rather than configuration (ewc-protocol.md §4). */
export const EWC_TIMINGS = {
  /** First queueStatus after the requestChat notification (Avaya sample). */
  queueStatusFirstMs: 3500,
  /** Later queueStatus polls while the customer waits. */
  queueStatusEveryMs: 30_000,
  /** How long requestChat may go unanswered on an open socket before the attempt counts as failed. */
  requestTimeoutMs: 15_000,
  /** How long end() waits for notification/closeConversation {result:true}. */
  closeWaitMs: 2000,
  /** Customer typing pulses upstream at most this often (samples: once per 10 s). */
  typingEveryMs: 10_000,
  /** Acknowledged clientMsgIds remembered for idempotency. */
  deliveredMemory: 1000,
  /** Without acknowledgements, at most this many written messages are kept for re-sending. */
  unackedMax: 100,
} as const;

export interface SessionDeps {
  conversationId: string;
  config: EwcConfig;
  clock: Clock;
  logger: Logger;
  store: Store;
  deviceType: string;
  openSocket: () => WebSocket;
  emit: (event: ContactCenterEvent) => void;
  /** Health bookkeeping: outcome of every connection attempt. */
  recordAttempt: (ok: boolean) => void;
  /** The session reached `closed` (or was detached); drop it from the registry. */
  onFinished: () => void;
}

type TimerName = 'ping' | 'queueStatus' | 'agentWait' | 'idle' | 'retry' | 'request' | 'closeWait';

export class EwcSession {
  private phase: Phase = 'idle';
  private socket: WebSocket | undefined;
  private guid: number | undefined;
  private authenticationKey: string | undefined;
  private data: SessionData;
  private readonly delivered: Set<string>;
  private readonly timers = new Map<TimerName, TimerHandle>();
  private onHold: OnHoldPlayer;
  /** Reconnect attempts made in the current outage. */
  private attempt = 0;
  private lastReceivedAt = 0;
  private pingRepliesSeen = false;
  /** Restored after a bot-server restart: Web-On-Hold was already played before; do not replay it. */
  private recovered = false;
  private lastTypingSentAt = Number.NEGATIVE_INFINITY;
  private readonly recentAgentMessages: string[] = [];
  private startWaiter: (() => void) | undefined;
  private closeWaiter: (() => void) | undefined;
  private saving: Promise<void> | undefined;
  private dirty = false;
  private readonly log: Logger;

  private constructor(
    private readonly deps: SessionDeps,
    data: SessionData,
    resume?: { guid: number; authenticationKey: string },
  ) {
    this.data = data;
    this.delivered = new Set(data.delivered);
    this.guid = resume?.guid;
    this.authenticationKey = resume?.authenticationKey;
    this.log = deps.logger.child({ component: 'ewc', conversationId: deps.conversationId });
    this.onHold = this.makeOnHold();
  }

  /** A new escalation (phase idle; call start()). */
  static create(deps: SessionDeps, request: EscalationRequest): EwcSession {
    return new EwcSession(deps, {
      v: 1,
      request,
      participants: [],
      pending: [],
      inflight: [],
      delivered: [],
      acksSeen: false,
      agentWaitDeadline: null,
      lastActivityAt: deps.clock.now(),
      comfort: [],
      urls: [],
    });
  }

  /** A persisted escalation (phase idle; call recover()). */
  static restore(deps: SessionDeps, data: SessionData, guid: number, authenticationKey: string): EwcSession {
    return new EwcSession(deps, data, { guid, authenticationKey });
  }

  get currentPhase(): Phase {
    return this.phase;
  }

  get finished(): boolean {
    return this.phase === 'closed' || this.phase === 'closing';
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  /** Open the socket and request the chat; resolves once AACC accepted it or the attempt ended. */
  start(): Promise<void> {
    if (!this.move({ type: 'start' })) return Promise.resolve();
    const accepted = new Promise<void>((resolve) => (this.startWaiter = resolve));
    this.connect();
    return accepted;
  }

  /** Resume a persisted chat after a bot-server restart (first attempt immediately). */
  recover(): void {
    if (!this.move({ type: 'recover' })) return;
    this.recovered = true;
    this.restoreTimers();
    this.scheduleAttempt(0);
  }

  async sendMessage(text: string, clientMsgId: string): Promise<void> {
    if (this.finished) throw new ParleyError('PARLEY_ERR_ILLEGAL_TRANSITION', 'The escalation has ended.');
    if (this.isKnown(clientMsgId)) {
      this.log.debug('duplicate clientMsgId ignored');
      return;
    }
    splitMessage(text).forEach((part, i) => this.data.pending.push({ id: clientMsgId, part: i, text: part }));
    this.touchActivity();
    this.flush();
    await this.persist();
  }

  sendTyping(): void {
    const now = this.deps.clock.now();
    if (this.phase !== 'active' || now - this.lastTypingSentAt < EWC_TIMINGS.typingEveryMs) return;
    this.lastTypingSentAt = now;
    this.write(outbound.isTyping());
  }

  /** Customer or system ends the chat: closeConversation, brief wait for the result, close 1000. */
  async end(): Promise<void> {
    if (this.finished) return;
    const hadChat =
      this.socket !== undefined && this.guid !== undefined && this.phase !== 'connecting' && this.phase !== 'requested';
    this.move({ type: 'end' });
    this.clearTimers('closeWait');
    this.onHold.stop();
    if (hadChat) {
      const answered = new Promise<void>((resolve) => (this.closeWaiter = resolve));
      this.arm('closeWait', EWC_TIMINGS.closeWaitMs, () => this.closeWaiter?.());
      this.write(outbound.closeConversation());
      await answered;
    }
    await this.shutdown();
  }

  /** Stop without ending the chat (bot-server shutdown): the persisted session stays resumable. */
  async detach(): Promise<void> {
    this.clearTimers();
    this.onHold.stop();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1001, 'Gateway shutting down');
    await this.saving;
    this.move({ type: 'closed' });
    this.startWaiter?.();
    this.deps.onFinished();
  }

  // -------------------------------------------------------------------------------------------
  // Socket

  private connect(): void {
    if (this.phase !== 'connecting' || this.socket !== undefined) {
      this.log.error({ phase: this.phase }, 'refusing to open a second upstream socket');
      return;
    }
    let socket: WebSocket;
    try {
      socket = this.deps.openSocket();
    } catch (err) {
      this.log.warn({ err: errorName(err) }, 'EWC socket could not be created');
      this.deps.clock.setTimeout(() => this.onSocketLost(undefined, 1006), 0);
      return;
    }
    this.socket = socket;
    socket.on('open', () => this.onOpen(socket));
    socket.on('message', (raw, isBinary) => {
      if (this.socket === socket) this.onFrame(isBinary ? '' : raw.toString());
    });
    socket.on('error', (err) => this.log.debug({ err: errorName(err) }, 'EWC socket error'));
    socket.on('close', (code) => this.onSocketLost(socket, code));
  }

  private onOpen(socket: WebSocket): void {
    if (this.socket !== socket || !this.move({ type: 'socket_open' })) return;
    this.lastReceivedAt = this.deps.clock.now();
    const resume =
      this.guid !== undefined && this.authenticationKey !== undefined
        ? { guid: this.guid, authenticationKey: this.authenticationKey }
        : undefined;
    this.write(
      outbound.requestChat({
        deviceType: this.deps.deviceType,
        requestTranscript: wantsTranscript(this.deps.config.EWC_REQUEST_TRANSCRIPT, this.data.request),
        intrinsics: buildIntrinsics(this.data.request, this.deps.config.DEFAULT_SKILLSET),
        ...(resume ? { resume } : {}),
      }),
    );
    this.arm('request', EWC_TIMINGS.requestTimeoutMs, () => {
      this.log.warn('requestChat unanswered; dropping the socket');
      socket.terminate();
    });
    this.schedulePing();
  }

  private onSocketLost(socket: WebSocket | undefined, code: number): void {
    if (socket !== undefined && this.socket !== socket) return;
    this.socket = undefined;
    this.clearTimers('ping', 'request', 'queueStatus');
    this.onHold.stop();
    if (this.phase === 'closing') {
      this.closeWaiter?.();
      return;
    }
    if (this.phase === 'closed' || this.phase === 'idle' || this.phase === 'reconnecting') return;
    const wasAttempt = this.phase === 'connecting' || this.phase === 'requested';
    if (wasAttempt) this.deps.recordAttempt(false);
    this.requeueInflight();
    const resumable = this.guid !== undefined;
    const attemptsLeft = this.attempt < this.deps.config.wsReconnectMaxAttempt;
    this.log.info({ code, phase: this.phase, attempt: this.attempt }, 'EWC socket lost');
    if (!resumable || !attemptsLeft) return void this.fail('unreachable');
    if (!this.move({ type: 'socket_lost', resumable, attemptsLeft })) return;
    this.scheduleAttempt(this.deps.config.wsReconnectInterval);
    void this.persist();
  }

  private scheduleAttempt(delayMs: number): void {
    this.attempt += 1;
    this.deps.emit({
      type: 'connection_lost',
      conversationId: this.deps.conversationId,
      attempt: this.attempt,
      maxAttempts: this.deps.config.wsReconnectMaxAttempt,
    });
    this.arm('retry', delayMs, () => {
      if (this.move({ type: 'retry' })) this.connect();
    });
  }

  private write(text: string): boolean {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== socket.OPEN) return false;
    socket.send(text);
    return true;
  }

  private schedulePing(): void {
    const every = this.deps.config.EWC_PING_INTERVAL;
    this.arm('ping', every, () => {
      const silentFor = this.deps.clock.now() - this.lastReceivedAt;
      if (this.pingRepliesSeen && silentFor > 2 * every + 1000) {
        this.log.warn({ silentFor }, 'EWC server stopped answering pings; dropping the socket');
        this.socket?.terminate();
        return;
      }
      this.write(outbound.ping());
      this.schedulePing();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Inbound frames

  private onFrame(raw: string): void {
    this.lastReceivedAt = this.deps.clock.now();
    const parsed = parseInboundFrame(raw);
    if (!parsed.ok) {
      this.log.warn({ reason: parsed.reason }, 'malformed EWC frame ignored');
      return;
    }
    this.handle(parsed.frame);
  }

  private handle(frame: InboundFrame): void {
    const { conversationId } = this.deps;
    switch (frame.kind) {
      case 'chat_accepted':
        return this.onAccepted(frame);
      case 'queue_status':
        if (this.phase === 'queued')
          this.deps.emit({
            type: 'queued',
            conversationId,
            ...defined({ position: frame.position, estimatedWaitSeconds: frame.estimatedWaitSeconds }),
          });
        return;
      case 'participant_joined': {
        const participants = frame.participants.length > 0 ? frame.participants : [frame.agent];
        if (this.phase === 'active' && sameParticipants(participants, this.data.participants)) {
          this.log.debug('repeated newParticipant ignored');
          return;
        }
        this.data.participants = participants;
        this.deps.emit({
          type: 'agent_joined',
          conversationId,
          agent: this.enrich(frame.agent),
          participants: participants.map(toRef),
        });
        return this.onParticipantsChanged();
      }
      case 'participant_left':
        if (frame.endChat) return void this.endedBy('agent');
        this.data.participants = frame.participants;
        this.deps.emit({
          type: 'agent_left',
          conversationId,
          agent: this.enrich(frame.agent),
          participants: frame.participants.map(toRef),
        });
        return this.onParticipantsChanged();
      case 'agent_typing':
        if (frame.typing && this.phase === 'active')
          this.deps.emit({ type: 'agent_typing', conversationId, agent: this.enrich(frame.agent) });
        return;
      case 'agent_message': {
        if (this.isReplayed(frame)) return;
        this.touchActivity();
        this.deps.emit({
          type: 'agent_message',
          conversationId,
          agent: this.enrich(frame.agent),
          text: frame.text,
          at: frame.at ?? this.deps.clock.now(),
        });
        void this.persist();
        return;
      }
      case 'page_push':
        if (!isHttpUrl(frame.url)) {
          this.log.warn('page push with a non-http(s) URL ignored');
          return;
        }
        this.deps.emit({
          type: 'page_push',
          conversationId,
          agent: this.enrich(frame.agent),
          url: frame.url,
          at: frame.at ?? this.deps.clock.now(),
        });
        return;
      case 'close':
        if (this.phase === 'closing') return this.closeWaiter?.();
        return void this.endedBy('agent');
      case 'ping':
        this.pingRepliesSeen = true;
        return;
      case 'ack':
        if (frame.method.toLowerCase() === 'newmessage') this.onMessageAck(frame.accepted);
        return;
      case 'error':
        return this.onError(frame);
      case 'chat_acknowledged':
      case 'unknown':
        this.log.debug(
          {
            type: frame.kind === 'unknown' ? frame.type : 'newChatAcknowledgement',
            method: frame.kind === 'unknown' ? frame.method : undefined,
          },
          'EWC frame ignored',
        );
        return;
    }
  }

  private onAccepted(frame: Extract<InboundFrame, { kind: 'chat_accepted' }>): void {
    const resumed = this.guid !== undefined;
    if (resumed && frame.guid !== this.guid) this.log.warn('AACC resumed the chat under a different guid');
    this.guid = frame.guid;
    this.authenticationKey = frame.authenticationKey;
    this.clearTimers('request');
    this.deps.recordAttempt(true);
    if (!resumed) {
      this.data.comfort = frame.comfort;
      this.data.urls = frame.urls;
      this.onHold = this.makeOnHold();
    }
    if (!this.move({ type: 'accepted', agentsPresent: agentsPresent(this.data.participants) })) return;
    const wasReconnect = this.attempt > 0;
    this.attempt = 0;
    if (wasReconnect) this.deps.emit({ type: 'connection_restored', conversationId: this.deps.conversationId });
    if (this.phase === 'queued') this.startWaiting({ onHold: !resumed || !this.recovered, freshAgentWait: !resumed });
    else this.flush();
    // start() resolves once the guid + authenticationKey are durable (a restart can resume the chat).
    const waiter = this.startWaiter;
    this.startWaiter = undefined;
    void this.persist().then(() => waiter?.());
  }

  private onParticipantsChanged(): void {
    if (!this.move({ type: 'agents_changed', agentsPresent: agentsPresent(this.data.participants) })) return;
    if (this.phase === 'active') {
      this.onHold.stop();
      this.clearTimers('queueStatus', 'agentWait');
      this.data.agentWaitDeadline = null;
      if (!this.timers.has('idle')) this.armIdle(this.deps.config.chatIdleInterval);
      this.flush();
    } else {
      // The customer is alone again without endChatFlag: transfer or requeue.
      this.clearTimers('idle');
      this.startWaiting({ onHold: true, freshAgentWait: true });
    }
    void this.persist();
  }

  private onMessageAck(accepted: boolean): void {
    this.data.acksSeen = true;
    const head = this.data.inflight.shift();
    if (head === undefined) return;
    if (!accepted) this.log.warn('AACC did not accept a customer message');
    this.markDelivered(head.id);
    void this.persist();
  }

  private onError(frame: Extract<InboundFrame, { kind: 'error' }>): void {
    this.log.warn({ method: frame.method, code: frame.code }, 'EWC error frame');
    if (this.phase === 'requested') {
      if (this.guid !== undefined) return void this.fail(isInvalidSession(frame) ? 'session_expired' : 'rejected');
      return void this.fail('rejected');
    }
    const aboutMessage =
      frame.method?.toLowerCase() === 'newmessage' || (frame.method === undefined && frame.code === 1);
    if (aboutMessage && this.data.inflight.length > 0) {
      const head = this.data.inflight.shift() as OutboundText;
      if (agentsPresent(this.data.participants)) this.markDelivered(head.id);
      else this.data.pending.unshift(head);
      void this.persist();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Waiting for an agent, idle, delivery

  private startWaiting(opts: { onHold: boolean; freshAgentWait: boolean }): void {
    if (opts.onHold) this.onHold.start();
    const pollQueue = (delay: number): void =>
      this.arm('queueStatus', delay, () => {
        if (this.phase !== 'queued') return;
        this.write(outbound.queueStatus());
        pollQueue(EWC_TIMINGS.queueStatusEveryMs);
      });
    pollQueue(EWC_TIMINGS.queueStatusFirstMs);
    if (opts.freshAgentWait || this.data.agentWaitDeadline === null)
      this.data.agentWaitDeadline = this.deps.clock.now() + this.deps.config.agentWaitInterval;
    if (!this.timers.has('agentWait')) this.armAgentWait();
  }

  /** After a restart: timers continue from their persisted deadlines. */
  private restoreTimers(): void {
    if (agentsPresent(this.data.participants))
      this.armIdle(this.data.lastActivityAt + this.deps.config.chatIdleInterval - this.deps.clock.now());
    else if (this.data.agentWaitDeadline !== null) this.armAgentWait();
  }

  private armAgentWait(): void {
    const remaining = Math.max(0, (this.data.agentWaitDeadline ?? this.deps.clock.now()) - this.deps.clock.now());
    this.arm('agentWait', remaining, () => {
      this.log.info('no agent joined in time');
      this.write(outbound.closeConversation());
      void this.fail('no_agent');
    });
  }

  private armIdle(ms: number): void {
    this.arm('idle', Math.max(0, ms), () => {
      const idleFor = this.deps.clock.now() - this.data.lastActivityAt;
      if (idleFor < this.deps.config.chatIdleInterval) return this.armIdle(this.deps.config.chatIdleInterval - idleFor);
      this.log.info('chat idle; closing');
      this.write(outbound.closeConversation());
      void this.endedBy('idle');
    });
  }

  private touchActivity(): void {
    this.data.lastActivityAt = this.deps.clock.now();
  }

  private flush(): void {
    if (this.phase !== 'active' || this.socket === undefined) return;
    while (this.data.pending.length > 0) {
      const next = this.data.pending[0] as OutboundText;
      if (!this.write(outbound.newMessage(next.text))) return;
      this.data.pending.shift();
      this.data.inflight.push(next);
    }
    if (!this.data.acksSeen && this.data.inflight.length > EWC_TIMINGS.unackedMax) {
      for (const m of this.data.inflight.splice(0, this.data.inflight.length - EWC_TIMINGS.unackedMax))
        this.markDelivered(m.id);
    }
  }

  /** On a dropped socket: unacknowledged messages go back to the front of the buffer. */
  private requeueInflight(): void {
    if (this.data.inflight.length === 0) return;
    if (this.data.acksSeen) this.data.pending = [...this.data.inflight, ...this.data.pending];
    // This AACC never acknowledged anything: re-sending could double every message; count as sent.
    else for (const m of this.data.inflight) this.markDelivered(m.id);
    this.data.inflight = [];
  }

  private markDelivered(id: string): void {
    if (this.delivered.has(id)) return;
    this.delivered.add(id);
    this.data.delivered.push(id);
    if (this.data.delivered.length > EWC_TIMINGS.deliveredMemory)
      this.delivered.delete(this.data.delivered.shift() as string);
  }

  private isKnown(id: string): boolean {
    return (
      this.delivered.has(id) ||
      this.data.pending.some((m) => m.id === id) ||
      this.data.inflight.some((m) => m.id === id)
    );
  }

  /** Drops an agent message identical to a recent one (a server that replays after resume). */
  private isReplayed(frame: Extract<InboundFrame, { kind: 'agent_message' }>): boolean {
    if (frame.at === undefined) return false;
    const key = `${frame.at}\u0000${frame.agent.name ?? ''}\u0000${frame.text}`;
    if (this.recentAgentMessages.includes(key)) return true;
    this.recentAgentMessages.push(key);
    if (this.recentAgentMessages.length > 50) this.recentAgentMessages.shift();
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Ending

  /** The chat is over on the AACC side; the event is emitted once the session record is gone. */
  private async endedBy(by: 'agent' | 'idle'): Promise<void> {
    if (this.finished) return;
    await this.shutdown({ type: 'ended', conversationId: this.deps.conversationId, by });
  }

  private async fail(reason: 'no_agent' | 'unreachable' | 'rejected' | 'session_expired'): Promise<void> {
    if (this.phase === 'closed') return;
    await this.shutdown({ type: 'failed', conversationId: this.deps.conversationId, reason });
  }

  /**
   * Close for good: timers, socket (1000), registry, persisted record; then emit `final` (so a
   * listener never sees ended/failed while the record still exists) and release a pending start().
   */
  private async shutdown(final?: ContactCenterEvent): Promise<void> {
    this.move({ type: 'closed' });
    this.clearTimers();
    this.onHold.stop();
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined && socket.readyState === socket.OPEN) socket.close(1000, 'Closing conversation');
    else socket?.terminate();
    this.deps.onFinished();
    await this.saving;
    try {
      await this.deps.store.deleteContactCenterSession(this.deps.conversationId);
    } catch (err) {
      this.log.error({ err: errorName(err) }, 'could not delete the EWC session record');
    }
    if (final !== undefined) this.deps.emit(final);
    this.startWaiter?.();
    this.startWaiter = undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  private move(event: PhaseEvent): boolean {
    const r = transition(this.phase, event);
    if (!r.ok) {
      this.log.debug({ phase: this.phase, event: event.type }, 'illegal EWC session transition ignored');
      return false;
    }
    if (!SOCKET_PHASES.has(r.phase) && r.phase !== 'closed' && this.socket !== undefined)
      this.log.error({ phase: r.phase }, 'socket left open outside a socket phase');
    this.phase = r.phase;
    return true;
  }

  private arm(name: TimerName, ms: number, fn: () => void): void {
    this.clearTimers(name);
    this.timers.set(
      name,
      this.deps.clock.setTimeout(() => {
        this.timers.delete(name);
        fn();
      }, ms),
    );
  }

  private clearTimers(...names: TimerName[]): void {
    for (const name of names.length > 0 ? names : [...this.timers.keys()]) {
      const t = this.timers.get(name);
      if (t !== undefined) this.deps.clock.clearTimeout(t);
      this.timers.delete(name);
    }
  }

  private makeOnHold(): OnHoldPlayer {
    return new OnHoldPlayer(this.deps.clock, this.data.comfort, this.data.urls, (item) => {
      if (this.phase === 'queued')
        this.deps.emit({ type: 'comfort', conversationId: this.deps.conversationId, ...item });
    });
  }

  private enrich(agent: EwcAgent): AgentRef {
    const known = this.data.participants.find(
      (p) =>
        (agent.id !== undefined && p.id === agent.id) ||
        (agent.id === undefined && agent.name !== undefined && p.name === agent.name),
    );
    return toRef({ ...known, ...agent, role: agent.role ?? known?.role });
  }

  /** Persist (coalesced: concurrent callers share one write of the newest state). */
  private persist(): Promise<void> {
    if (this.guid === undefined || this.authenticationKey === undefined || this.finished)
      return this.saving ?? Promise.resolve();
    this.dirty = true;
    this.saving ??= this.drain();
    return this.saving;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty && !this.finished) {
        this.dirty = false;
        await this.deps.store.saveContactCenterSession({
          conversationId: this.deps.conversationId,
          provider: EWC_PROVIDER,
          externalId: String(this.guid),
          secret: this.authenticationKey as string,
          data: structuredClone(this.data) as unknown as Record<string, unknown>,
          updatedAt: this.deps.clock.now(),
        });
      }
    } catch (err) {
      this.log.error({ err: errorName(err) }, 'could not persist the EWC session');
    } finally {
      this.saving = undefined;
    }
  }
}

function agentsPresent(participants: readonly EwcAgent[]): boolean {
  return participants.some((p) => p.role !== 'supervisor');
}

function sameParticipants(a: readonly EwcAgent[], b: readonly EwcAgent[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i]?.id && p.role === b[i]?.role);
}

function toRef(a: EwcAgent): AgentRef {
  return defined({ id: a.id, name: a.name, role: a.role });
}

function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

function errorName(err: unknown): string {
  return err instanceof Error
    ? `${err.name}: ${(err as NodeJS.ErrnoException).code ?? err.message.slice(0, 80)}`
    : 'unknown';
}

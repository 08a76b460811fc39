/**
 * One escalated conversation on AACC Enterprise Web Chat: at most one upstream socket, guarded by the pure phase
 * machine (session-machine.ts). It runs the chat's life (request, resume, end) and composes the parts below; every
 * timer runs on the injected Clock. The delivery guarantee is described in outbound-buffer.ts.
 */
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { EwcConfig } from '../../config/index.js';
import type { Clock, ContactCenterEvent, EscalationRequest, Store } from '../../domain/ports.js';
import { ParleyError } from '../../errors.js';
import { AgentFrames, type AgentFrameOutcome, isAgentFrame } from './agent-frames.js';
import { AgentTimers, agentTimerSettings } from './agent-timers.js';
import { type InboundFrame, isInvalidSession, outbound, parseInboundFrame } from './frames.js';
import { SessionHold } from './on-hold.js';
import { OutboundBuffer } from './outbound-buffer.js';
import { agentsPresent } from './participants.js';
import { newSessionData, type SessionData } from './persisted-session.js';
import { ChatCredentials } from './credentials.js';
import { buildIntrinsics, splitMessage, wantsTranscript } from './request-mapping.js';
import { type Phase, type PhaseEvent, SOCKET_PHASES, transition } from './session-machine.js';
import { SessionSaver } from './session-saver.js';
import { TimerSet } from './timer-set.js';
import type { EwcTimings } from './timings.js';
import { UpstreamSocket } from './upstream-socket.js';

export interface SessionDeps {
  conversationId: string;
  config: EwcConfig;
  /** Protocol-convention timings (DEFAULT_EWC_TIMINGS unless a test shrinks them). */
  timings: Readonly<EwcTimings>;
  clock: Clock;
  logger: Logger;
  store: Store;
  deviceType: string;
  openSocket: () => WebSocket;
  emit: (event: ContactCenterEvent) => void;
  /** Health bookkeeping: outcome of every connection attempt. */
  recordAttempt: (ok: boolean) => void;
  /** Past the reconnect window: the chat AACC still holds, and what the customer wrote (see farewell.ts). */
  abandon: (resume: { guid: number; authenticationKey: string }, data: SessionData) => void;
  /** The session reached `closed` (or was detached); drop it from the registry. */
  onFinished: () => void;
}

type FailReason = Extract<ContactCenterEvent, { type: 'failed' }>['reason'];

export class EwcSession {
  private phase: Phase = 'idle';
  private readonly credentials: ChatCredentials;
  private readonly data: SessionData;
  private readonly log: Logger;
  private readonly upstream: UpstreamSocket;
  private readonly buffer: OutboundBuffer;
  private readonly agentFrames: AgentFrames;
  private readonly agentTimers: AgentTimers;
  private readonly timers: TimerSet<'retry' | 'request' | 'closeWait'>;
  private readonly saver: SessionSaver;
  private readonly onHold: SessionHold;
  /** Reconnect attempts made in the current outage. */
  private attempt = 0;
  /** Restored after a bot-server restart: Web-On-Hold was already played before; do not replay it. */
  private recovered = false;
  private lastTypingSentAt = Number.NEGATIVE_INFINITY;
  private startWaiter: (() => void) | undefined;
  private closeWaiter: (() => void) | undefined;

  private constructor(
    private readonly deps: SessionDeps,
    data: SessionData,
    resume?: { guid: number; authenticationKey: string },
  ) {
    const { clock, config, timings, conversationId } = deps;
    this.data = data;
    this.log = deps.logger.child({ component: 'ewc', conversationId });
    this.credentials = new ChatCredentials(this.log, resume);
    this.upstream = new UpstreamSocket(deps.openSocket, clock, config.EWC_PING_INTERVAL, this.log, {
      onOpen: () => this.onOpen(),
      onText: (raw) => this.onText(raw),
      onLost: (code) => this.onSocketLost(code),
    });
    this.buffer = new OutboundBuffer(data, timings);
    this.agentFrames = new AgentFrames(conversationId, data, clock, this.log, deps.emit);
    this.agentTimers = new AgentTimers(clock, data, agentTimerSettings(config, timings), {
      pollQueue: () => this.pollQueue(),
      noAgent: () => this.closeUpstream('no agent joined in time', () => this.fail('no_agent')),
      idle: () => this.closeUpstream('chat idle; closing', () => this.endedBy('idle')),
    });
    this.timers = new TimerSet(clock);
    this.saver = new SessionSaver(deps.store, conversationId, clock, this.log, () =>
      this.credentials.guid === undefined || this.finished
        ? undefined
        : { guid: this.credentials.guid, authenticationKey: this.credentials.storedSecret, data: this.data },
    );
    this.onHold = new SessionHold(clock, data, (item) => {
      if (this.phase === 'queued') this.emit({ type: 'comfort', ...item });
    });
  }

  /** A new escalation (phase idle; call start()). */
  static create(deps: SessionDeps, request: EscalationRequest): EwcSession {
    return new EwcSession(deps, newSessionData(request, deps.clock.now()));
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
    this.agentTimers.restore(agentsPresent(this.data.participants));
    this.scheduleAttempt(0);
  }

  async sendMessage(text: string, clientMsgId: string): Promise<void> {
    if (this.finished) throw new ParleyError('PARLEY_ERR_ILLEGAL_TRANSITION', 'The escalation has ended.');
    if (!this.buffer.enqueue(clientMsgId, splitMessage(text))) {
      this.log.debug('duplicate clientMsgId ignored');
      return;
    }
    this.agentTimers.touch();
    this.flush();
    await this.saver.save();
  }

  sendTyping(): void {
    const now = this.deps.clock.now();
    if (this.phase !== 'active' || now - this.lastTypingSentAt < this.deps.timings.typingEveryMs) return;
    this.lastTypingSentAt = now;
    this.upstream.write(outbound.isTyping());
  }

  /** Customer or system ends the chat: closeConversation, brief wait for the result, close 1000. */
  async end(): Promise<void> {
    if (this.finished) return;
    const hadChat =
      this.upstream.present && this.credentials.issued && this.phase !== 'connecting' && this.phase !== 'requested';
    this.move({ type: 'end' });
    this.timers.clear('closeWait');
    this.onHold.stop();
    if (hadChat) {
      const answered = new Promise<void>((resolve) => (this.closeWaiter = resolve));
      this.timers.arm('closeWait', this.deps.timings.closeWaitMs, () => this.closeWaiter?.());
      this.upstream.write(outbound.closeConversation());
      await answered;
    }
    await this.shutdown();
  }

  /** Stop without ending the chat (bot-server shutdown): the persisted session stays resumable. */
  async detach(): Promise<void> {
    this.stopTimers();
    this.upstream.close(1001, 'Gateway shutting down');
    await this.saver.settled();
    this.move({ type: 'closed' });
    this.startWaiter?.();
    this.deps.onFinished();
  }

  private connect(): void {
    if (this.phase !== 'connecting' || this.upstream.present) {
      this.log.error({ phase: this.phase }, 'refusing to open a second upstream socket');
      return;
    }
    this.upstream.connect();
  }

  private onOpen(): boolean {
    if (!this.move({ type: 'socket_open' })) return false;
    const resume = this.credentials.resume;
    this.upstream.write(
      outbound.requestChat({
        deviceType: this.deps.deviceType,
        requestTranscript: wantsTranscript(this.deps.config.EWC_REQUEST_TRANSCRIPT, this.data.request),
        intrinsics: buildIntrinsics(this.data.request, this.deps.config.DEFAULT_SKILLSET),
        ...(resume ? { resume } : {}),
      }),
    );
    this.timers.arm('request', this.deps.timings.requestTimeoutMs, () => {
      this.log.warn('requestChat unanswered; dropping the socket');
      this.upstream.terminate();
    });
    return true;
  }

  private onSocketLost(code: number): void {
    this.timers.clear('request');
    this.agentTimers.stopQueuePolling();
    this.onHold.stop();
    if (this.phase === 'closing') return this.closeWaiter?.();
    if (this.phase === 'closed' || this.phase === 'idle' || this.phase === 'reconnecting') return;
    if (this.phase === 'connecting' || this.phase === 'requested') this.deps.recordAttempt(false);
    this.buffer.requeue();
    const resume = this.credentials.resume;
    const attemptsLeft = this.attempt < this.deps.config.wsReconnectMaxAttempt;
    this.log.info({ code, phase: this.phase, attempt: this.attempt, resumable: !!resume }, 'EWC socket lost');
    if (resume === undefined || !attemptsLeft) {
      if (resume !== undefined) this.deps.abandon(resume, this.data);
      return void this.fail('unreachable');
    }
    if (!this.move({ type: 'socket_lost', resumable: true, attemptsLeft })) return;
    this.scheduleAttempt(this.deps.config.wsReconnectInterval);
    void this.saver.save();
  }

  private scheduleAttempt(delayMs: number): void {
    this.attempt += 1;
    const maxAttempts = this.deps.config.wsReconnectMaxAttempt;
    this.emit({ type: 'connection_lost', attempt: this.attempt, maxAttempts });
    this.timers.arm('retry', delayMs, () => {
      if (this.move({ type: 'retry' })) this.connect();
    });
  }

  private onText(raw: string): void {
    const parsed = parseInboundFrame(raw);
    if (!parsed.ok) return this.log.warn({ reason: parsed.reason }, 'malformed EWC frame ignored');
    const frame = parsed.frame;
    if (isAgentFrame(frame)) return this.onAgentSide(this.agentFrames.handle(frame, this.phase));
    switch (frame.kind) {
      case 'chat_accepted':
        return this.onAccepted(frame);
      case 'close':
        if (this.phase === 'closing') return this.closeWaiter?.();
        return void this.endedBy('agent');
      case 'ping':
        return this.upstream.pingAnswered();
      case 'ack':
        if (frame.method.toLowerCase() === 'newmessage') this.onMessageAck(frame.accepted);
        return;
      case 'error':
        return this.onError(frame);
      case 'chat_acknowledged':
        return this.onChatAcknowledged(frame.guid);
      case 'unknown':
        return this.log.debug({ type: frame.type, method: frame.method }, 'EWC frame ignored');
    }
  }

  /** Legacy `newChatAcknowledgement` ("chat request approved"): accepted, guid only (Avaya's sample does so). */
  private onChatAcknowledged(guid: number | undefined): void {
    if (this.phase !== 'requested' || guid === undefined) return this.log.debug('newChatAcknowledgement noted');
    this.onAccepted({ kind: 'chat_accepted', guid, comfort: [], urls: [] });
  }

  private onAccepted(frame: Extract<InboundFrame, { kind: 'chat_accepted' }>): void {
    if (this.phase !== 'requested') return this.onLateAccept(frame);
    const resumed = this.credentials.accept(frame.guid, frame.authenticationKey);
    this.timers.clear('request');
    this.deps.recordAttempt(true);
    if (!resumed) this.onHold.adopt(frame.comfort, frame.urls);
    if (!this.move({ type: 'accepted', agentsPresent: agentsPresent(this.data.participants) })) return;
    const wasReconnect = this.attempt > 0;
    this.attempt = 0;
    if (wasReconnect) this.emit({ type: 'connection_restored' });
    if ((this.phase as Phase) === 'queued') {
      if (!resumed || !this.recovered) this.onHold.start();
      this.agentTimers.waitForAgent(!resumed);
    } else this.flush();
    // start() resolves once the guid + authenticationKey are durable (a restart can resume the chat).
    const waiter = this.startWaiter;
    this.startWaiter = undefined;
    void this.saver.save().then(() => waiter?.());
  }

  /** A requestChat notification after newChatAcknowledgement accepted the chat: its key and Web-On-Hold. */
  private onLateAccept(frame: Extract<InboundFrame, { kind: 'chat_accepted' }>): void {
    const live = this.phase === 'queued' || this.phase === 'active';
    if (!live || !this.credentials.complete(frame.guid, frame.authenticationKey)) return;
    if (!this.onHold.known) this.onHold.adopt(frame.comfort, frame.urls);
    if (this.phase === 'queued') this.onHold.start();
    void this.saver.save();
  }

  private onAgentSide(outcome: AgentFrameOutcome): void {
    if (outcome === 'ended_by_agent') return void this.endedBy('agent');
    if (outcome === 'participants_changed') return this.onParticipantsChanged();
    if (outcome === 'agent_message') {
      this.agentTimers.touch();
      void this.saver.save();
    }
  }

  private onParticipantsChanged(): void {
    if (!this.move({ type: 'agents_changed', agentsPresent: agentsPresent(this.data.participants) })) return;
    if (this.phase === 'active') {
      this.onHold.stop();
      this.agentTimers.agentPresent();
      this.flush();
    } else {
      // The customer is alone again without endChatFlag: transfer or requeue.
      this.onHold.start();
      this.agentTimers.agentsLeft();
    }
    void this.saver.save();
  }

  private onMessageAck(accepted: boolean): void {
    if (!this.buffer.acknowledge()) return;
    if (!accepted) this.log.warn('AACC did not accept a customer message');
    void this.saver.save();
  }

  private onError(frame: Extract<InboundFrame, { kind: 'error' }>): void {
    this.log.warn({ method: frame.method, code: frame.code }, 'EWC error frame');
    if (this.phase === 'requested')
      return void this.fail(this.credentials.issued && isInvalidSession(frame) ? 'session_expired' : 'rejected');
    const aboutMessage =
      frame.method?.toLowerCase() === 'newmessage' || (frame.method === undefined && frame.code === 1);
    if (aboutMessage && this.buffer.refuse(agentsPresent(this.data.participants))) void this.saver.save();
  }

  /** A queueStatus poll; false once the chat is no longer queued (polling stops). */
  private pollQueue(): boolean {
    if (this.phase !== 'queued') return false;
    this.upstream.write(outbound.queueStatus());
    return true;
  }

  private flush(): void {
    if (this.phase !== 'active' || !this.upstream.present) return;
    this.buffer.flush((text) => this.upstream.write(outbound.newMessage(text)));
  }

  /** A timer ended the chat on our side: tell AACC, then finish. */
  private closeUpstream(why: string, finish: () => Promise<void>): void {
    this.log.info(why);
    this.upstream.write(outbound.closeConversation());
    void finish();
  }

  /** The chat is over on the AACC side; the event is emitted once the session record is gone. */
  private async endedBy(by: 'agent' | 'idle'): Promise<void> {
    if (this.finished) return;
    await this.shutdown({ type: 'ended', conversationId: this.deps.conversationId, by });
  }

  private async fail(reason: FailReason): Promise<void> {
    if (this.phase === 'closed') return;
    await this.shutdown({ type: 'failed', conversationId: this.deps.conversationId, reason });
  }

  /**
   * Close for good: timers, socket (1000), registry, persisted record; then emit `final` (so a
   * listener never sees ended/failed while the record still exists) and release a pending start().
   */
  private async shutdown(final?: ContactCenterEvent): Promise<void> {
    this.move({ type: 'closed' });
    this.stopTimers();
    this.upstream.closeOrAbort(1000, 'Closing conversation');
    this.deps.onFinished();
    await this.saver.forget();
    if (final !== undefined) this.deps.emit(final);
    this.startWaiter?.();
    this.startWaiter = undefined;
  }

  private stopTimers(): void {
    this.timers.clear();
    this.agentTimers.stop();
    this.onHold.stop();
  }

  private emit(event: DistributiveOmit<ContactCenterEvent, 'conversationId'>): void {
    this.deps.emit({ ...event, conversationId: this.deps.conversationId });
  }

  private move(event: PhaseEvent): boolean {
    const r = transition(this.phase, event);
    if (!r.ok) {
      this.log.debug({ phase: this.phase, event: event.type }, 'illegal EWC session transition ignored');
      return false;
    }
    if (!SOCKET_PHASES.has(r.phase) && r.phase !== 'closed' && this.upstream.present)
      this.log.error({ phase: r.phase }, 'socket left open outside a socket phase');
    this.phase = r.phase;
    return true;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

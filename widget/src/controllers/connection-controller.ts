import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ERROR_WIRE,
  PROTOCOL_VERSION,
  errorForCloseCode,
  type ClientFrame,
  type ClientFrameOf,
  type CustomerContent,
  type Message,
  type ServerFrame,
  type ServerFrameOf,
} from '@parley/protocol';
import { parseServerFrame } from '../protocol/parse-server-frame.js';
import type { ConversationStore } from '../state/conversation-store.js';
import type { ConnectionState } from '../state/connection-state.js';
import type { Outbox } from '../state/outbox.js';
import { assertNever } from '../util/assert-never.js';
import { newClientMsgId } from '../util/client-msg-id.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

/** Timings; the defaults suit production, tests shorten them. */
export interface ConnectionTiming extends BackoffOptions {
  /** Interval between pings; a socket silent for two intervals is considered dead. */
  heartbeatMs: number;
}

export const DEFAULT_TIMING: ConnectionTiming = { baseMs: 1000, maxMs: 30_000, heartbeatMs: 25_000 };

export interface ConnectionOptions {
  /** WebSocket URL (`wss://host/ws`). */
  url: string;
  store: ConversationStore;
  outbox: Outbox;
  locale?: string;
  /** Identity hints from Parley.setUser(), sent in the next hello. */
  user?: () => ClientFrameOf<'session.hello'>['user'];
  timing?: Partial<ConnectionTiming>;
  /** A new message from someone else arrived live (not a replay of something already shown). */
  onMessage?: (message: Message) => void;
  onStateChange?: (state: ConnectionState) => void;
  /** A server `error` frame that is not about one pending message. */
  onError?: (code: string) => void;
}

/**
 * Owns the WebSocket: hello with the stored token and lastSeq, replay handling, acks, the persisted
 * outbox (resent after every reconnect with the same clientMsgId, so the server's dedupe makes
 * delivery exactly-once as seen by the visitor), heartbeat, reconnect with backoff + jitter, and the
 * browser's online/offline events. Every inbound frame is validated with parseServerFrame; invalid
 * frames are dropped. Opens on hostConnected, closes on hostDisconnected.
 */
export class ConnectionController implements ReactiveController {
  state: ConnectionState = 'idle';
  /** Error code when `state` is `failed`. */
  failure: string | undefined;
  /** Frames rejected by validation (for diagnostics and tests). */
  rejectedFrames = 0;

  private socket: WebSocket | undefined;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private welcomed = false;
  /** The welcome's lastSeq: messages up to it are replayed or in history; after it they must come in order. */
  private base = 0;
  private historyRequest = 0;
  private readonly timing: ConnectionTiming;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ConnectionOptions,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('online', this.handleOnline);
    addEventListener('offline', this.handleOffline);
    if (this.state === 'idle' || this.state === 'offline') this.connect();
  }

  hostDisconnected(): void {
    removeEventListener('online', this.handleOnline);
    removeEventListener('offline', this.handleOffline);
    this.teardown();
    this.setState('idle');
  }

  /** Sends customer content: queued in the outbox first, so it survives drops and reloads. */
  send(content: CustomerContent): string {
    const clientMsgId = newClientMsgId();
    this.options.outbox.add({ clientMsgId, content, createdAt: Date.now() });
    this.options.store.dispatchEvent(new Event('change'));
    this.transmit({ type: 'message.send', clientMsgId, content });
    return clientMsgId;
  }

  /** Asks for the page of history before the current cursor. */
  fetchHistory(): void {
    const { store } = this.options;
    if (store.historyLoading || store.historyCursor === null || !this.welcomed) return;
    store.setHistoryLoading(true);
    const frame: ClientFrameOf<'history.fetch'> = {
      type: 'history.fetch',
      requestId: `h${++this.historyRequest}`,
      limit: 50,
    };
    if (store.historyCursor) frame.before = store.historyCursor;
    this.transmit(frame);
  }

  /** Sends a frame if online; returns whether it went out. Messages are never lost: they sit in the outbox. */
  transmit(frame: ClientFrame): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || (!this.welcomed && frame.type !== 'session.hello'))
      return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Reconnects now (e.g. the visitor pressed retry, or after "start a new conversation"). */
  reconnect(): void {
    this.teardown();
    this.attempt = 0;
    this.connect();
  }

  private connect(): void {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      this.setState('offline');
      return;
    }
    this.setState(this.attempt === 0 && this.state !== 'reconnecting' ? 'connecting' : 'reconnecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.setState('failed', 'PARLEY_ERR_CONFIG');
      return;
    }
    this.socket = socket;
    this.welcomed = false;
    socket.addEventListener('open', () => this.handleOpen(socket));
    socket.addEventListener('message', (e) => this.handleRaw(socket, e.data));
    socket.addEventListener('close', (e) => this.handleClose(socket, e.code));
  }

  private handleOpen(socket: WebSocket): void {
    if (socket !== this.socket) return;
    const { store, locale, user } = this.options;
    const hello: ClientFrameOf<'session.hello'> = { type: 'session.hello', v: PROTOCOL_VERSION };
    if (store.token) hello.token = store.token;
    // No resume point after "New chat" (no conversation yet): the server answers `new`, not `reset`.
    if (store.token && store.conversationId) {
      hello.lastSeq = store.lastSeq;
      if (store.epoch) hello.epoch = store.epoch;
    }
    if (locale) hello.locale = locale.slice(0, 35);
    const u = user?.();
    if (u && Object.keys(u).length) hello.user = u;
    hello.page = { url: location.href.slice(0, 2048), title: document.title.slice(0, 200) };
    this.lastFrameAt = Date.now();
    this.transmit(hello);
    this.heartbeatTimer = setInterval(() => this.heartbeat(socket), this.timing.heartbeatMs);
  }

  private heartbeat(socket: WebSocket): void {
    if (Date.now() - this.lastFrameAt > this.timing.heartbeatMs * 2) {
      socket.close(4000, 'heartbeat timeout');
      this.handleClose(socket, 1006);
      return;
    }
    if (this.welcomed) this.transmit({ type: 'ping', t: Date.now() });
  }

  private handleRaw(socket: WebSocket, data: unknown): void {
    if (socket !== this.socket) return;
    this.lastFrameAt = Date.now();
    const parsed = typeof data === 'string' ? parseServerFrame(data) : undefined;
    if (!parsed?.ok) {
      this.rejectedFrames++;
      return;
    }
    this.handleFrame(parsed.value);
  }

  private handleFrame(frame: ServerFrame): void {
    const { store, outbox } = this.options;
    switch (frame.type) {
      case 'session.welcome':
        return this.handleWelcome(frame);
      case 'message':
        return this.handleMessage(frame.message);
      case 'message.ack':
        if (outbox.remove(frame.clientMsgId)) store.dispatchEvent(new Event('change'));
        return;
      case 'typing':
        return store.setTyping(frame.active ? frame.author : undefined);
      case 'conversation.view':
        return store.setView(frame.view);
      case 'history':
        return store.applyHistory(frame.messages, frame.before);
      case 'form.invalid':
        outbox.remove(frame.clientMsgId);
        return store.setFormErrors(frame.formId, frame.fields, frame.clientMsgId);
      case 'error':
        return this.handleErrorFrame(frame);
      case 'pong':
        return;
      default:
        return assertNever(frame);
    }
  }

  private handleWelcome(frame: ServerFrameOf<'session.welcome'>): void {
    const { store } = this.options;
    const sameConversation = store.conversationId === frame.conversationId;
    store.epoch = frame.epoch;
    this.base = frame.lastSeq;
    if (frame.replay === 'delta' && sameConversation) store.setSession(frame.token, frame.conversationId);
    else store.resetConversation(frame.token, frame.conversationId, false);
    store.settings = { textMaxChars: frame.settings.textMaxChars };
    store.setView(frame.view);
    this.welcomed = true;
    this.attempt = 0;
    this.setState('online');
    if (frame.replay === 'reset' || (frame.replay === 'delta' && !sameConversation)) this.fetchHistory();
    this.flushOutbox();
  }

  private handleMessage(message: Message): void {
    const { store, outbox } = this.options;
    // A gap: resume from the last seq held in order (the server replays what is missing) rather than show this first.
    if (message.conversationId === store.conversationId && message.seq > Math.max(this.base, store.lastSeq) + 1)
      return this.reconnect();
    if (message.clientMsgId && message.author.role === 'customer') outbox.remove(message.clientMsgId);
    if (message.author.role !== 'customer' && store.typing?.role === message.author.role) store.typing = undefined;
    if (store.insert(message) && message.author.role !== 'customer') this.options.onMessage?.(message);
  }

  private handleErrorFrame(frame: ServerFrameOf<'error'>): void {
    const { store, outbox } = this.options;
    if (frame.requestId && store.historyLoading) store.setHistoryLoading(false);
    const pending = frame.clientMsgId ? outbox.list().find((p) => p.clientMsgId === frame.clientMsgId) : undefined;
    if (pending && !frame.retryable) {
      outbox.fail(pending.clientMsgId, frame.code);
      store.dispatchEvent(new Event('change'));
      return;
    }
    if (pending) {
      // Retryable (rate limited, contact center busy): try again later with the same clientMsgId.
      const socket = this.socket;
      setTimeout(
        () => {
          if (socket === this.socket)
            this.transmit({ type: 'message.send', clientMsgId: pending.clientMsgId, content: pending.content });
        },
        backoffDelay(1, this.timing),
      );
    }
    this.options.onError?.(frame.code);
  }

  /** Resends every pending message, in order, with its original clientMsgId. */
  private flushOutbox(): void {
    for (const pending of this.options.outbox.list()) {
      if (pending.error) continue;
      this.transmit({ type: 'message.send', clientMsgId: pending.clientMsgId, content: pending.content });
    }
  }

  private handleClose(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.teardown();
    const error = errorForCloseCode(code);
    if (error === 'PARLEY_ERR_BAD_TOKEN') {
      // The conversation is gone (expired or revoked): start a fresh one at once.
      this.options.store.forgetSession();
    } else if (error && !ERROR_WIRE[error].retryable) {
      this.setState('failed', error);
      return;
    }
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      this.setState('offline');
      return;
    }
    this.setState('reconnecting');
    const delay = error === 'PARLEY_ERR_BAD_TOKEN' ? 0 : backoffDelay(this.attempt++, this.timing);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private readonly handleOnline = (): void => {
    if (this.state === 'offline' || this.state === 'reconnecting') this.reconnect();
  };

  private readonly handleOffline = (): void => {
    this.teardown();
    this.setState('offline');
  };

  private teardown(): void {
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    this.reconnectTimer = undefined;
    this.heartbeatTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.welcomed = false;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  }

  private setState(state: ConnectionState, failure?: string): void {
    this.failure = failure;
    if (state === this.state) return;
    this.state = state;
    this.options.onStateChange?.(state);
    this.host.requestUpdate();
  }
}

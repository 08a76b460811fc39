/**
 * The widget WebSocket gateway at /ws. Thin: it authenticates the upgrade (Origin allowlist,
 * per-address connection cap), enforces the frame budget and the hello handshake, parses every
 * frame with the protocol schemas, maps frames to ConversationService calls, and pushes the
 * conversation's fanout to the socket. It holds no conversation state of its own.
 *
 * Close codes: 4001 protocol version, 4002 first frame not hello, 4003 no hello in time,
 * 4029 flood, 4500 internal, 4503 server restarting; 1009 frame over maxPayload (ws).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ERRORS,
  PROTOCOL_MAJOR,
  parseClientFrame,
  protocolMajor,
  type ClientFrame,
  type ErrorCode,
  type ServerFrame,
} from '@parley/protocol';
import type { ServerConfig } from '../config/index.js';
import type { ConversationService, Session } from '../domain/conversation-service.js';
import type { Clock, Fanout } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { InOrder } from '../fanout/in-order.js';
import type { Logger } from '../logger.js';
import { clientAddressOf, parseTrustedProxies, type TrustedProxies } from './client-address.js';
import type { OriginPolicy } from './origin.js';
import { HeartbeatWheel, heartbeatSlots, type WheelMember } from './heartbeat-wheel.js';
import { ConnectionCounter, FrameRateLimiter, MemoryLimits, type Budget, type SharedLimits } from './rate-limit.js';
import { wsText } from './ws-text.js';

export interface WsGatewayOptions {
  config: Pick<
    ServerConfig,
    | 'WS_MAX_PAYLOAD_BYTES'
    | 'WS_RATE_LIMIT_PER_10S'
    | 'WS_MAX_CONNECTIONS_PER_IP'
    | 'WS_HEARTBEAT_MS'
    | 'WS_CONNECTS_PER_IP_PER_MIN'
    | 'TRUSTED_PROXIES'
  >;
  service: ConversationService;
  fanout: Fanout;
  origins: OriginPolicy;
  logger: Logger;
  clock: Clock;
  /** Budgets per conversation and per address that outlive a connection (default: in-process). */
  limits?: SharedLimits;
  /** Time a socket has to send session.hello (default 10 s). */
  helloTimeoutMs?: number;
  /** A client that does not read its frames is dropped above this many buffered bytes (default 1 MiB). */
  maxBufferedBytes?: number;
}

/** Open tabs of one conversation; beyond this a hello is refused (PARLEY_ERR_TOO_MANY_CONNECTIONS, 4030). */
export const MAX_SOCKETS_PER_CONVERSATION = 10;

const RATE_WINDOW_MS = 10_000;
/** A chat frame has no reason to arrive in more pieces than this. */
const MAX_FRAGMENTS = 256;

interface Connection extends WheelMember {
  ws: WebSocket;
  address: string;
  limiter: FrameRateLimiter;
  alive: boolean;
  session?: Session;
  unsubscribe?: () => void;
  helloTimer?: ReturnType<typeof setTimeout>;
  /** Frames are handled in arrival order; everything waits for the hello to finish. */
  chain: Promise<void>;
}

export class WsGateway {
  readonly wss: WebSocketServer;
  private readonly o: WsGatewayOptions;
  private readonly counter: ConnectionCounter;
  /** The open connections, on the heartbeat's wheel. */
  private readonly connections: HeartbeatWheel<Connection>;
  private readonly perConversation = new ConnectionCounter(MAX_SOCKETS_PER_CONVERSATION);
  private readonly limits: SharedLimits;
  private readonly trusted: TrustedProxies;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly sizeListeners = new Set<(size: number) => void>();
  private closing = false;

  constructor(options: WsGatewayOptions) {
    this.o = options;
    this.counter = new ConnectionCounter(options.config.WS_MAX_CONNECTIONS_PER_IP);
    this.limits = options.limits ?? new MemoryLimits();
    this.trusted = parseTrustedProxies(options.config.TRUSTED_PROXIES);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.config.WS_MAX_PAYLOAD_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
      // ws >= 8.21 (not yet in @types/ws): bound fragment counts, the tiny-fragment memory DoS.
      ...{ maxFragments: MAX_FRAGMENTS, maxBufferedChunks: MAX_FRAGMENTS },
    });
    const period = options.config.WS_HEARTBEAT_MS;
    this.connections = new HeartbeatWheel(heartbeatSlots(period));
    // Each socket is still pinged once per period, a slice of them at each turn (heartbeat-wheel.ts).
    this.heartbeat = setInterval(() => this.connections.turn(beat), period / heartbeatSlots(period));
    this.heartbeat.unref();
  }

  /** Open sockets. */
  get size(): number {
    return this.connections.size;
  }

  /**
   * Calls `listener` with the number of open sockets after each socket is accepted and after each
   * close has been fully processed (its address and conversation slots released). Returns the unsubscribe.
   */
  onSizeChange(listener: (size: number) => void): () => void {
    this.sizeListeners.add(listener);
    return () => this.sizeListeners.delete(listener);
  }

  /** The HTTP server's 'upgrade' listener. Everything is checked before the WebSocket handshake. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return refuseUpgrade(socket, 404, 'PARLEY_ERR_NOT_FOUND');
    if (this.closing) return refuseUpgrade(socket, 503, 'PARLEY_ERR_SHUTTING_DOWN');
    const origin = req.headers.origin;
    if (!this.o.origins.allows(origin)) {
      this.o.logger.info({ origin: String(origin ?? '').slice(0, 200) }, 'websocket origin refused');
      // A browser cannot read a refused upgrade's status: the socket is opened only to be closed with the
      // error's code at once (no frame is read), so the widget can say why instead of reconnecting forever.
      const { closeCode } = ERRORS.PARLEY_ERR_ORIGIN_FORBIDDEN;
      return this.wss.handleUpgrade(req, socket, head, (ws) => ws.close(closeCode, 'PARLEY_ERR_ORIGIN_FORBIDDEN'));
    }
    const address = clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.trusted);
    const { WS_CONNECTS_PER_IP_PER_MIN: perMin, WS_MAX_CONNECTIONS_PER_IP: cap } = this.o.config;
    const connects = { key: `connect:${address}`, limit: perMin || 4 * cap, windowMs: 60_000 };
    void this.limits.take([connects], this.o.clock.now()).then((decision) => {
      if (socket.destroyed) return;
      if (decision !== 'allow') return refuseUpgrade(socket, 429, 'PARLEY_ERR_RATE_LIMITED');
      if (!this.counter.acquire(address)) return refuseUpgrade(socket, 429, 'PARLEY_ERR_TOO_MANY_CONNECTIONS');
      socket.once('close', () => this.counter.release(address));
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, address));
    });
  }

  /** Stop accepting, close every socket with 4503 (clients reconnect elsewhere or later) and wait for them. */
  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    const closed = [...this.connections].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.ws.once('close', () => resolve());
          c.ws.close(ERRORS.PARLEY_ERR_SHUTTING_DOWN.closeCode, 'PARLEY_ERR_SHUTTING_DOWN');
        }),
    );
    const timer = setTimeout(() => {
      for (const c of this.connections) c.ws.terminate();
    }, graceMs);
    await Promise.all(closed);
    clearTimeout(timer);
    this.wss.close();
  }

  private accept(ws: WebSocket, address: string): void {
    const { clock, logger } = this.o;
    const conn: Connection = {
      ws,
      address,
      limiter: new FrameRateLimiter(this.o.config.WS_RATE_LIMIT_PER_10S, RATE_WINDOW_MS, clock.now()),
      alive: true,
      chain: Promise.resolve(),
    };
    this.connections.add(conn);
    conn.helloTimer = setTimeout(
      () => this.fail(conn, new ParleyError('PARLEY_ERR_HELLO_TIMEOUT')),
      this.o.helloTimeoutMs ?? 10_000,
    );
    conn.helloTimer.unref();
    ws.on('pong', () => (conn.alive = true));
    ws.on('error', (err) => logger.debug({ err: { message: err.message } }, 'websocket error'));
    ws.on('close', (code) => {
      this.connections.delete(conn);
      clearTimeout(conn.helloTimer);
      conn.unsubscribe?.();
      if (conn.session) this.perConversation.release(conn.session.conversationId);
      logger.debug({ conversationId: conn.session?.conversationId, code }, 'websocket closed');
      this.sizeChanged();
    });
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    this.sizeChanged();
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    conn.alive = true;
    const decision = conn.limiter.take(this.o.clock.now());
    if (decision === 'flood') return this.fail(conn, new ParleyError('PARLEY_ERR_FLOOD'));
    if (decision === 'refuse') return this.error(conn, new ParleyError('PARLEY_ERR_RATE_LIMITED'));
    if (isBinary) return this.error(conn, new ParleyError('PARLEY_ERR_BAD_FRAME', 'Binary frames are not supported.'));
    const parsed = parseClientFrame(wsText(data));
    if (!parsed.ok) {
      const err = new ParleyError(parsed.code, `${ERRORS[parsed.code].message} (${parsed.detail})`);
      return conn.session ? this.error(conn, err) : this.fail(conn, err, 'PARLEY_ERR_HELLO_REQUIRED');
    }
    const frame = parsed.value;
    conn.chain = conn.chain
      .then(() => this.admit(conn, frame))
      .then((ok) => (ok ? this.dispatch(conn, frame) : undefined))
      .catch((err: unknown) => this.error(conn, err, idsOf(frame)));
  }

  /** The budgets a reconnect cannot reset: the conversation's (all tabs, all instances) and the address's. */
  private async admit(conn: Connection, frame: ClientFrame): Promise<boolean> {
    const limit = this.o.config.WS_RATE_LIMIT_PER_10S;
    const budgets: Budget[] = [
      {
        key: `address:${conn.address}`,
        limit: limit * this.o.config.WS_MAX_CONNECTIONS_PER_IP,
        windowMs: RATE_WINDOW_MS,
      },
    ];
    // Heartbeat pings are the widget's, not the visitor's: they never eat the conversation's budget.
    if (conn.session && frame.type !== 'ping')
      budgets.push({ key: `conversation:${conn.session.conversationId}`, limit, windowMs: RATE_WINDOW_MS });
    const decision = await this.limits.take(budgets, this.o.clock.now());
    if (decision === 'flood') this.fail(conn, new ParleyError('PARLEY_ERR_FLOOD'));
    else if (decision === 'refuse') this.error(conn, new ParleyError('PARLEY_ERR_RATE_LIMITED'), idsOf(frame));
    return decision === 'allow';
  }

  /** Handles one frame. Returns when the hello is complete; other frames run without holding the chain. */
  private async dispatch(conn: Connection, frame: ClientFrame): Promise<void> {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    if (frame.type === 'session.hello') {
      if (conn.session) throw new ParleyError('PARLEY_ERR_BAD_FRAME', 'This connection already said hello.');
      return this.hello(conn, frame);
    }
    const session = conn.session;
    if (!session) return this.fail(conn, new ParleyError('PARLEY_ERR_HELLO_REQUIRED'));
    const { service } = this.o;
    const run = (p: Promise<unknown>) => void p.catch((err: unknown) => this.error(conn, err, idsOf(frame)));
    switch (frame.type) {
      case 'message.send':
        return run(service.send(session, frame, (f) => this.send(conn, f)));
      case 'typing':
        return run(service.typing(session, frame.active));
      case 'history.fetch':
        return run(service.history(session, frame).then((f) => this.send(conn, f)));
      case 'conversation.end':
        return run(service.end(session));
      case 'call.cancel':
        return run(service.cancelCall(session, frame.callId));
      case 'ping':
        return this.send(conn, {
          type: 'pong',
          ...(frame.t === undefined ? {} : { t: frame.t }),
          serverTime: this.o.clock.now(),
        });
      default:
        return assertNever(frame);
    }
  }

  private async hello(conn: Connection, hello: Extract<ClientFrame, { type: 'session.hello' }>): Promise<void> {
    if (protocolMajor(hello.v) !== PROTOCOL_MAJOR)
      return this.fail(
        conn,
        new ParleyError(
          'PARLEY_ERR_PROTOCOL_VERSION',
          `Unsupported protocol version ${hello.v.slice(0, 16)}; this server speaks ${PROTOCOL_MAJOR}.x.`,
        ),
      );
    const { service, fanout } = this.o;
    const opened = await service.open(hello, { clientAddress: conn.address });
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    if (!this.perConversation.acquire(opened.session.conversationId))
      return this.fail(
        conn,
        new ParleyError('PARLEY_ERR_TOO_MANY_CONNECTIONS', 'Too many open tabs for this conversation.'),
      );
    conn.session = opened.session;
    const conversationId = opened.session.conversationId;
    // Subscribe before catching up so nothing published meanwhile is missed; hold it until the replay is out,
    // then deliver in seq order from the welcome's lastSeq (InOrder reads any gap from the store).
    const held: ServerFrame[] = [];
    const sink: { order?: InOrder } = {};
    conn.unsubscribe = fanout.subscribe(conversationId, (f) => (sink.order ? sink.order.push(f) : held.push(f)));
    const { welcome, messages } = await service.catchUp(opened);
    clearTimeout(conn.helloTimer);
    // An idle socket keeps nothing it no longer needs: the timer and its closure are ~300 B per conversation.
    conn.helloTimer = undefined;
    this.send(conn, welcome);
    for (const message of messages) this.send(conn, { type: 'message', message });
    const order = new InOrder(
      welcome.lastSeq,
      (after) => service.messagesAfter(conversationId, after),
      (f) => this.send(conn, f),
      (err) => this.error(conn, err),
    );
    for (const f of held.splice(0)) order.push(f);
    sink.order = order;
  }

  private send(conn: Connection, frame: ServerFrame): void {
    const ws = conn.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > (this.o.maxBufferedBytes ?? 1024 * 1024)) {
      this.o.logger.warn({ conversationId: conn.session?.conversationId }, 'slow websocket client dropped');
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(frame));
  }

  /** Answer with a coded error frame; close the socket when the error says so. */
  private error(conn: Connection, err: unknown, ids: { clientMsgId?: string; requestId?: string } = {}): void {
    const e = err instanceof ParleyError ? err : new ParleyError('PARLEY_ERR_INTERNAL');
    if (!(err instanceof ParleyError))
      this.o.logger.error(
        {
          conversationId: conn.session?.conversationId,
          err: { message: err instanceof Error ? err.message : String(err) },
        },
        'frame handling failed',
      );
    this.send(conn, { type: 'error', code: e.code, message: e.message, retryable: e.retryable, ...ids });
    // Internal errors answer the frame but keep the connection: one bad frame must not end a chat.
    if (e.closeCode !== undefined && e.code !== 'PARLEY_ERR_INTERNAL') conn.ws.close(e.closeCode, e.code);
  }

  /** Error frame, then close with the error's close code (or `closeAs`'s). */
  private fail(conn: Connection, err: ParleyError, closeAs?: ErrorCode): void {
    this.send(conn, { type: 'error', code: err.code, message: err.message, retryable: err.retryable });
    const code = closeAs ?? err.code;
    conn.ws.close(ERRORS[code].closeCode ?? ERRORS.PARLEY_ERR_INTERNAL.closeCode, code);
  }

  private sizeChanged(): void {
    for (const listener of [...this.sizeListeners]) listener(this.connections.size);
  }
}

/** A socket that answered nothing since its last ping is dropped; the others are pinged again. */
function beat(c: Connection): void {
  if (!c.alive) return c.ws.terminate();
  c.alive = false;
  c.ws.ping();
}

function refuseUpgrade(socket: Duplex, status: number, code: ErrorCode): void {
  const body = JSON.stringify({ error: { code, message: ERRORS[code].message } });
  const reason =
    { 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // A peer that never reads must not keep the socket.
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/** The ids an error frame should echo so the widget can match it to its request. */
function idsOf(source: ClientFrame): { clientMsgId?: string; requestId?: string } {
  if (source.type === 'message.send') return { clientMsgId: source.clientMsgId };
  if (source.type === 'history.fetch') return { requestId: source.requestId };
  return {};
}

function assertNever(value: never): never {
  throw new TypeError(`unhandled frame ${JSON.stringify(value)}`);
}

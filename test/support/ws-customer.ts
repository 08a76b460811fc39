/**
 * A protocol-speaking customer over a real WebSocket, for integration suites and benchmarks.
 * Validates every inbound frame with the shared protocol schemas.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  parseServerFrame,
  type ClientFrame,
  type CustomerContent,
  type ServerFrame,
  type ServerFrameOf,
} from '@parley/protocol';
import { wsText } from '../../bot-server/src/transport/ws-text.js';

export class WsCustomer {
  readonly frames: ServerFrame[] = [];
  token: string | undefined;
  conversationId: string | undefined;
  lastSeq = 0;
  private ws: WebSocket | undefined;
  private waiters: Array<{ pred: (f: ServerFrame) => boolean; ok: (f: ServerFrame) => void }> = [];
  private listeners: Array<(f: ServerFrame) => void> = [];

  constructor(
    private readonly url: string,
    private readonly origin: string,
  ) {}

  /** Opens the socket and completes the hello/welcome handshake. */
  async connect(
    opts: { token?: string; lastSeq?: number; locale?: string } = {},
  ): Promise<ServerFrameOf<'session.welcome'>> {
    const ws = new WebSocket(this.url, { headers: { Origin: this.origin } });
    this.ws = ws;
    ws.on('message', (data) => this.onData(wsText(data)));
    await new Promise<void>((ok, fail) => {
      ws.once('open', () => ok());
      ws.once('error', fail);
      ws.once('unexpected-response', (_req, res) => fail(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    const token = opts.token ?? this.token;
    const hello: ClientFrame = { type: 'session.hello', v: PROTOCOL_VERSION, locale: opts.locale ?? 'en' };
    if (token) hello.token = token;
    const lastSeq = opts.lastSeq ?? (token ? this.lastSeq : undefined);
    if (lastSeq !== undefined) hello.lastSeq = lastSeq;
    const welcome = this.next('session.welcome');
    this.send(hello);
    const w = await welcome;
    this.token = w.token;
    this.conversationId = w.conversationId;
    return w;
  }

  send(frame: ClientFrame): void {
    this.ws?.send(JSON.stringify(frame));
  }

  sendRaw(data: string): void {
    this.ws?.send(data);
  }

  /** Sends a customer message; resolves with the ack. */
  async say(
    content: CustomerContent | string,
    clientMsgId: string = randomUUID(),
  ): Promise<ServerFrameOf<'message.ack'>> {
    const c: CustomerContent = typeof content === 'string' ? { type: 'text', text: content } : content;
    const ack = this.next('message.ack', (f) => f.clientMsgId === clientMsgId);
    this.send({ type: 'message.send', clientMsgId, content: c });
    return ack;
  }

  onFrame(listener: (f: ServerFrame) => void): void {
    this.listeners.push(listener);
  }

  next<T extends ServerFrame['type']>(
    type: T,
    pred: (f: ServerFrameOf<T>) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<ServerFrameOf<T>> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`timed out waiting for ${type}`)), timeoutMs);
      this.waiters.push({
        pred: (f) => f.type === type && pred(f as ServerFrameOf<T>),
        ok: (f) => {
          clearTimeout(timer);
          ok(f as ServerFrameOf<T>);
        },
      });
    });
  }

  /** Stored messages received so far (from `message` frames), deduplicated by seq. */
  messages(): Array<ServerFrameOf<'message'>['message']> {
    const bySeq = new Map<number, ServerFrameOf<'message'>['message']>();
    for (const f of this.frames) if (f.type === 'message') bySeq.set(f.message.seq, f.message);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  close(): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((ok) => {
      ws.once('close', () => ok());
      ws.close(1000);
    });
  }

  terminate(): void {
    this.ws?.terminate();
  }

  private onData(raw: string): void {
    const parsed = parseServerFrame(raw);
    if (!parsed.ok) throw new Error(`server sent an invalid frame (${parsed.code}): ${raw.slice(0, 200)}`);
    const f = parsed.value;
    this.frames.push(f);
    if (f.type === 'message') this.lastSeq = Math.max(this.lastSeq, f.message.seq);
    if (f.type === 'session.welcome' && f.replay !== 'delta') this.lastSeq = Math.max(this.lastSeq, 0);
    for (const l of this.listeners) l(f);
    const ready = this.waiters.filter((w) => w.pred(f));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.ok(f);
  }
}

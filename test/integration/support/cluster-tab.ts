/**
 * A browser tab as the widget behaves: it keeps its messages by seq, resumes with its last seq after a drop
 * (on the next instance of the list, as a load balancer would send it), keeps an outbox of unacknowledged
 * sends that it re-sends after every welcome, and records anything a tab must never see: a message out of
 * order, a duplicate, or a `reset` (a reload).
 */
import WebSocket from 'ws';
import { PROTOCOL_VERSION, parseServerFrame, type Message, type ServerFrame } from '@parley/protocol';
import { Observed } from '../../support/waiters.js';
import { wsText } from '../../../bot-server/src/transport/ws-text.js';

export interface Endpoint {
  wsUrl: string;
  baseUrl: string;
}

export class Tab {
  readonly messages: Message[] = [];
  /** Anything wrong this tab saw: out-of-order or duplicate seqs, resets, invalid frames. */
  readonly faults: string[] = [];
  readonly acks = new Set<string>();
  /** Highest seq acknowledged to this tab. */
  ackedSeq = 0;
  readonly progress = new Observed<number>();
  token: string | undefined;
  conversationId: string | undefined;
  private ws: WebSocket | undefined;
  private readonly outbox = new Map<string, string>();
  private next: number;
  private closed = false;
  private welcomes = 0;

  constructor(
    private readonly name: string,
    private readonly endpoints: () => Endpoint[],
    start: number,
  ) {
    this.next = start;
  }

  get lastSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  /** Connects (new conversation, or `token`'s) and resolves on the first welcome. */
  open(token?: string): Promise<void> {
    this.token = token;
    this.connect();
    return this.progress.waitFor(() => this.welcomes > 0, { what: `${this.name} welcome` }).then(() => undefined);
  }

  send(clientMsgId: string, text: string): void {
    this.outbox.set(clientMsgId, text);
    this.transmit(clientMsgId, text);
  }

  /** Resolves when this tab holds every seq up to `seq`. */
  until(seq: number, timeoutMs = 30_000): Promise<unknown> {
    return this.progress.waitFor(() => this.lastSeq >= seq, {
      what: `${this.name} at seq ${seq} (has ${this.lastSeq})`,
      timeoutMs,
      relevant: () => false,
    });
  }

  untilAcked(ids: readonly string[], timeoutMs = 30_000): Promise<unknown> {
    return this.progress.waitFor(() => ids.every((id) => this.acks.has(id)), {
      what: `${this.name} acks (${this.acks.size}/${ids.length})`,
      timeoutMs,
      relevant: () => false,
    });
  }

  /** Resolves once this tab got a reply (a message not from the customer) after everything it sent. */
  untilAnswered(timeoutMs = 30_000): Promise<unknown> {
    return this.progress.waitFor(
      () => this.messages.some((m) => m.seq > this.ackedSeq && m.author.role !== 'customer'),
      { what: `${this.name} answered after seq ${this.ackedSeq}`, timeoutMs, relevant: () => false },
    );
  }

  close(): void {
    this.closed = true;
    this.ws?.terminate();
  }

  private transmit(clientMsgId: string, text: string): void {
    if (this.ws?.readyState === WebSocket.OPEN && this.welcomes > 0)
      this.ws.send(JSON.stringify({ type: 'message.send', clientMsgId, content: { type: 'text', text } }));
  }

  private connect(): void {
    if (this.closed) return;
    const list = this.endpoints();
    const target = list[this.next++ % list.length] as Endpoint;
    const ws = new WebSocket(target.wsUrl, { headers: { Origin: target.baseUrl }, perMessageDeflate: false });
    this.ws = ws;
    let welcomed = false;
    ws.on('open', () => {
      const hello: Record<string, unknown> = { type: 'session.hello', v: PROTOCOL_VERSION };
      if (this.token) Object.assign(hello, { token: this.token, lastSeq: this.lastSeq });
      if (this.conversationId) hello.conversationId = this.conversationId;
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data) => {
      const parsed = parseServerFrame(wsText(data));
      if (!parsed.ok) return void this.faults.push(`${this.name}: invalid frame ${parsed.detail}`);
      if (parsed.value.type === 'session.welcome') welcomed = true;
      this.onFrame(parsed.value);
    });
    ws.on('error', () => undefined);
    // A refused or dropped connection: the next instance, at once when the last one had welcomed us.
    ws.on('close', () => {
      if (ws !== this.ws || this.closed) return;
      setTimeout(() => this.connect(), welcomed ? 0 : 100);
    });
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'session.welcome':
        if (frame.replay === 'reset') this.faults.push(`${this.name}: reset at seq ${this.lastSeq}`);
        this.token = frame.token;
        this.conversationId = frame.conversationId;
        this.welcomes++;
        for (const [id, text] of this.outbox) this.transmit(id, text);
        break;
      case 'message': {
        const seq = frame.message.seq;
        if (seq === this.lastSeq + 1) this.messages.push(frame.message);
        else this.faults.push(`${this.name}: seq ${seq} after ${this.lastSeq}`);
        break;
      }
      case 'message.ack':
        this.outbox.delete(frame.clientMsgId);
        this.acks.add(frame.clientMsgId);
        this.ackedSeq = Math.max(this.ackedSeq, frame.seq);
        break;
      case 'error':
        if (frame.code !== 'PARLEY_ERR_SHUTTING_DOWN') this.faults.push(`${this.name}: error ${frame.code}`);
        break;
      case 'conversation.view':
      case 'form.invalid':
      case 'history':
      case 'pong':
      case 'typing':
        break;
    }
    this.progress.push(this.lastSeq);
  }
}

/**
 * A lean benchmark customer: a raw `ws` socket that speaks just enough of the widget protocol (hello, message.send)
 * and parses frames with JSON.parse only, so that 10,000 of them at 1,000 msg/s leave the 2 cores to the server. The
 * same client drives Parley and the echo floor (test/bench/ws-floor.ts), which answers in the same frames.
 *
 * Every message is "thanks!", to which the default flow answers with exactly one bot message, so the n-th bot message
 * after the customer's first send answers its n-th message: replies are matched first in, first out.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { wsText } from '../../bot-server/src/transport/ws-text.js';
import { nowMs } from './open-loop.js';

export const BENCH_TEXT = 'thanks!';

interface Frame {
  type: string;
  clientMsgId?: string;
  message?: { seq: number; author: { role: string } };
}

export class BenchClient {
  /** Due times of this customer's messages still waiting for their bot reply, oldest first. */
  readonly pending: number[] = [];
  onReply: (dueAt: number, at: number) => void = () => {};
  onAck: (clientMsgId: string, at: number) => void = () => {};
  errors = 0;
  /** Bot messages before the first send: the greeting, which Parley sends once the conversation is open. */
  greetings = 0;
  private ws: WebSocket | undefined;
  private sending = false;

  /** Opens the socket and completes hello → welcome. */
  async connect(url: string, origin: string): Promise<void> {
    const ws = new WebSocket(url, { headers: { Origin: origin }, perMessageDeflate: false });
    this.ws = ws;
    await new Promise<void>((ok, fail) => {
      ws.once('error', fail);
      ws.once('unexpected-response', (_req, res) => fail(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('open', () => {
        ws.once('message', (data) => {
          const f = JSON.parse(wsText(data)) as Frame;
          if (f.type === 'session.welcome') ok();
          else fail(new Error(`expected session.welcome, got ${f.type}`));
          ws.on('message', (d) => this.onData(wsText(d)));
        });
        ws.send(JSON.stringify({ type: 'session.hello', v: PROTOCOL_VERSION, locale: 'en' }));
      });
    });
    ws.on('error', () => this.errors++);
  }

  /** Sends one message due at `dueAt` (the open loop's schedule, so a late send is charged to the server). */
  send(dueAt: number): string {
    const clientMsgId = randomUUID();
    this.sending = true;
    this.pending.push(dueAt);
    this.ws?.send(JSON.stringify({ type: 'message.send', clientMsgId, content: { type: 'text', text: BENCH_TEXT } }));
    return clientMsgId;
  }

  close(): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState === ws.CLOSED) return Promise.resolve();
    return new Promise((ok) => {
      ws.once('close', () => ok());
      ws.close(1000);
    });
  }

  private onData(raw: string): void {
    const f = JSON.parse(raw) as Frame;
    const at = nowMs();
    if (f.type === 'message.ack' && f.clientMsgId) this.onAck(f.clientMsgId, at);
    else if (f.type === 'error') this.errors++;
    else if (f.type === 'message' && f.message?.author.role === 'bot') {
      // Bot messages before the first send are the greeting.
      if (!this.sending) return void this.greetings++;
      const due = this.pending.shift();
      if (due !== undefined) this.onReply(due, at);
    }
  }
}

/**
 * Opens `n` customers, `concurrency` handshakes at a time, so the server sees a steady stream of connects rather than
 * one burst of 10,000 (which would measure the accept queue, not the chat).
 */
export async function connectMany(n: number, url: string, origin: string, concurrency = 200): Promise<BenchClient[]> {
  const clients = Array.from({ length: n }, () => new BenchClient());
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const c = clients[next++] as BenchClient;
      for (let attempt = 0; ; attempt++) {
        try {
          await c.connect(url, origin);
          break;
        } catch (err) {
          if (attempt >= 3) throw err;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return clients;
}

/**
 * Resolves once every customer has its greeting and none came for half a second: the server has finished opening the
 * conversations, so what is measured next is idle memory and chat, not the tail of the connect wave.
 */
export function greeted(clients: readonly BenchClient[], timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let total = -1;
  let quietSince = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      const now = clients.reduce((n, c) => n + c.greetings, 0);
      if (now !== total) [total, quietSince] = [now, Date.now()];
      if (clients.every((c) => c.greetings > 0) && Date.now() - quietSince >= 500) return resolve();
      if (Date.now() > deadline) return reject(new Error(`greetings still missing after ${timeoutMs} ms`));
      setTimeout(check, 100);
    };
    check();
  });
}

export async function closeAll(clients: readonly BenchClient[]): Promise<void> {
  for (let i = 0; i < clients.length; i += 500) await Promise.all(clients.slice(i, i + 500).map((c) => c.close()));
}

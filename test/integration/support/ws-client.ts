/** A small WebSocket test client that records every server frame and validates it against the protocol. */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  parseServerFrame,
  type ServerFrame,
  type ServerFrameOf,
  type ServerFrameType,
} from '@parley/protocol';
import { wsText } from '../../../bot-server/src/transport/ws-text.js';

export interface TestClient {
  ws: WebSocket;
  frames: ServerFrame[];
  send(frame: unknown): void;
  sendRaw(raw: string | Buffer): void;
  next<T extends ServerFrameType>(
    type: T,
    where?: (f: ServerFrameOf<T>) => boolean,
    timeoutMs?: number,
  ): Promise<ServerFrameOf<T>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function connect(url: string, headers: Record<string, string>): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    const frames: ServerFrame[] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (data) => {
      const text = wsText(data);
      const parsed = parseServerFrame(text);
      assert.ok(parsed.ok, `server sent an invalid frame: ${text.slice(0, 200)} ${parsed.ok ? '' : parsed.detail}`);
      frames.push(parsed.value);
      for (const w of [...waiters]) w();
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
    );
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`upgrade refused ${res.statusCode}`), { statusCode: res.statusCode })),
    );
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        closed,
        send: (frame) => ws.send(JSON.stringify(frame)),
        sendRaw: (raw) => ws.send(raw),
        next(type, where, timeoutMs = 10_000) {
          let seen = 0;
          return new Promise((res, rej) => {
            const check = () => {
              for (; seen < frames.length; seen++) {
                const f = frames[seen] as ServerFrame;
                if (f.type === type && (!where || where(f as never))) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  res(f as never);
                  return;
                }
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              rej(new Error(`timed out waiting for ${type}; got ${frames.map((f) => f.type).join(',')}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: async () => {
          if (ws.readyState === ws.CLOSED) return;
          ws.close();
          await closed;
        },
      }),
    );
  });
}

/** Connect and complete the hello; returns the client and the welcome. */
export async function join(url: string, origin: string, hello: Record<string, unknown> = {}) {
  const c = await connect(url, { Origin: origin });
  c.send({ type: 'session.hello', v: PROTOCOL_VERSION, ...hello });
  const welcome = await c.next('session.welcome');
  return { c, welcome };
}

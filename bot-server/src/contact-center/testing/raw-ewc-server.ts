/**
 * A bare WebSocket endpoint on 127.0.0.1:<free port> for tests that must send frames the AACC
 * simulator never sends (malformed JSON, wrong types, oversized frames). Everything else is tested
 * against the real simulator.
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { wsText } from '../../transport/ws-text.js';

export interface RawEwcServer {
  url: string;
  /** Terminate every client socket (the gateway sees 1006), as a network drop would. */
  dropClients(): void;
  close(): Promise<void>;
}

/** `onFrame(text, send)` is called for every text frame a client sends. */
export async function startRawEwcServer(
  onFrame: (text: string, send: (raw: string) => void) => void,
): Promise<RawEwcServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (raw) => onFrame(wsText(raw), (text) => ws.send(text)));
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/CustomerControllerWeb/chat`,
    dropClients() {
      for (const c of wss.clients) c.terminate();
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

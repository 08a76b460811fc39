/**
 * The WebSocket floor: a bare `ws` server in its own process that answers the widget protocol's frames with
 * JSON.parse + JSON.stringify and nothing else: hello → welcome, message.send → ack + one "bot" message echoing the
 * text. What Parley adds (authentication, the durable store, the bot) is measured against it in the same run, and
 * its memory per idle socket is the floor for Parley's memory per idle conversation.
 */
import { spawn } from 'node:child_process';
import { inspectorUrl } from './inspector.js';

const SERVER = `
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws) => {
  let seq = 0;
  ws.on('message', (data) => {
    const f = JSON.parse(String(data));
    if (f.type === 'session.hello')
      ws.send(JSON.stringify({ type: 'session.welcome', conversationId: 'c', token: 't', lastSeq: 0 }));
    else if (f.type === 'message.send') {
      ws.send(JSON.stringify({ type: 'message.ack', clientMsgId: f.clientMsgId, seq: ++seq }));
      ws.send(JSON.stringify({
        type: 'message',
        message: { seq: ++seq, author: { role: 'bot' }, content: { type: 'text', text: f.content.text } },
      }));
    }
  });
});
wss.on('listening', () => console.log('port=' + wss.address().port));
`;

export interface WsFloor {
  wsUrl: string;
  inspector: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startWsFloor(): Promise<WsFloor> {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '-e', SERVER], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // `ws` resolves from the test workspace, like this benchmark's own import of it.
    cwd: import.meta.dirname,
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const read = (d: Buffer) => {
      out += d.toString();
      const m = /port=(\d+)/.exec(out);
      if (m && out.includes('Debugger listening')) resolve(Number(m[1]));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`ws floor exited with ${code}:\n${out}`)));
  });
  return {
    wsUrl: `ws://127.0.0.1:${port}/`,
    inspector: inspectorUrl(out),
    pid: child.pid ?? -1,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

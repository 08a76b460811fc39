/**
 * The floor: a bare node:http server in its own process that reads each webhook, parses its JSON and answers 200, as
 * Parley's route does minus authentication, normalisation and the durable inbox write. What Parley adds is measured
 * against it in the same run.
 */
import { spawn } from 'node:child_process';

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let n = 0;
    try {
      n = JSON.parse(Buffer.concat(chunks).toString('utf8')).messages.length;
    } catch {}
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, stored: n, duplicates: 0 }));
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('port=' + server.address().port));
`;

export interface FloorServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startFloorServer(): Promise<FloorServer> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/async/messaging/v1/webhook`,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

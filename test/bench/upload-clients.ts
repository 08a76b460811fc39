/**
 * The upload bench's uploaders, in their own process (see upload-bench.ts): each of BENCH_UPLOADS customers opens a
 * conversation and sends BENCH_UPLOAD_MB files one after the other until its stdin closes, then prints the result.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WsCustomer } from '../support/ws-customer.js';
import { nowMs } from './open-loop.js';
import { round, summarize } from './stats.js';

export interface UploadResult {
  uploads: number;
  failed: number;
  refusals: Record<string, number>;
  mbPerSecond: number;
  uploadMs: ReturnType<typeof summarize>;
}

/** A PDF as far as the sniffer is concerned (so it is scanned, not refused by type), random bytes after the header. */
export function pdf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([head, randomBytes(bytes - head.length)]);
}

/** `workers` uploads in flight until `until()`, each to its own conversation; latencies and bytes of the done ones. */
async function uploadLoad(
  baseUrl: string,
  wsUrl: string,
  origin: string,
  workers: number,
  mb: number,
  until: () => boolean,
): Promise<UploadResult> {
  const file = pdf(mb * 1024 * 1024);
  const chats = await Promise.all(
    Array.from({ length: workers }, async () => {
      const c = new WsCustomer(wsUrl, origin);
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  const refusals = new Map<string, number>();
  const t0 = nowMs();
  await Promise.all(
    chats.map(async (c) => {
      while (!until()) {
        const at = nowMs();
        const status = await fetch(`${baseUrl}/api/conversations/${c.conversationId}/attachments?name=bench.pdf`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/pdf' },
          body: new Uint8Array(file),
        }).then(
          async (res) => `${res.status} ${(await res.text()).slice(0, 120)}`,
          (err: unknown) => `no answer: ${err instanceof Error ? err.message : String(err)}`,
        );
        if (status.startsWith('201')) latencies.push(nowMs() - at);
        else refusals.set(status, (refusals.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (nowMs() - t0) / 1000;
  await Promise.all(chats.map((c) => c.close()));
  return {
    uploads: latencies.length,
    failed: [...refusals.values()].reduce((a, b) => a + b, 0),
    refusals: Object.fromEntries(refusals),
    mbPerSecond: round((latencies.length * mb) / seconds),
    uploadMs: summarize(latencies),
  };
}

/**
 * Starts the uploaders in a process of their own: sending 50 files of 5 MB from the process that measures would slow
 * the measuring itself and charge that to the server. `stop()` lets each finish its file in flight; `done` is then
 * the result.
 */
export function startUploaders(
  server: { baseUrl: string; wsUrl: string },
  origin: string,
  uploads: number,
  mb: number,
) {
  const child = spawn(
    process.execPath,
    ['--conditions=@parley/source', '--import', 'tsx', fileURLToPath(import.meta.url)],
    {
      env: {
        ...process.env,
        BENCH_BASE_URL: server.baseUrl,
        BENCH_WS_URL: server.wsUrl,
        BENCH_ORIGIN: origin,
        BENCH_UPLOADS: String(uploads),
        BENCH_UPLOAD_MB: String(mb),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<UploadResult>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as UploadResult) : reject(new Error(out)))),
  );
  return { stop: () => child.stdin.end(), done };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let running = true;
  process.stdin.on('end', () => (running = false));
  process.stdin.resume();
  const env = process.env;
  const result = await uploadLoad(
    env['BENCH_BASE_URL'] ?? '',
    env['BENCH_WS_URL'] ?? '',
    env['BENCH_ORIGIN'] ?? '',
    Number(env['BENCH_UPLOADS'] ?? 50),
    Number(env['BENCH_UPLOAD_MB'] ?? 5),
    () => !running,
  );
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

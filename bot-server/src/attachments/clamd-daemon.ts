/**
 * A private clamd: own temporary directory, own config (unix socket, foreground), own signature directory. `npm
 * start` runs one when clamd is installed and no CLAMD_URL is given; the tests run one with the EICAR signature.
 * clamd runs under a small shell that kills it when our end of its stdin closes, so it cannot outlive this process
 * even after a SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClamdClient } from './clamd.js';

export const CLAMD_BINARY = '/usr/sbin/clamd';
/** Debian's freshclam writes the official signatures here. */
export const SYSTEM_SIGNATURES = '/var/lib/clamav';

export interface PrivateClamd {
  /** The unix socket path, usable as CLAMD_URL. */
  readonly url: string;
  /** Where its signatures come from, for the banner. */
  readonly signatures: string;
  /** Stops clamd and removes its directory. */
  stop(): Promise<void>;
}

export interface PrivateClamdOptions {
  binary?: string;
  /** A directory of signatures; default: the system's when it holds any, else the EICAR test signature only. */
  signaturesDir?: string;
  /** clamd's StreamMaxLength: set above the upload cap so the cap, not clamd, decides what is too large. */
  maxStreamBytes: number;
  /** How long loading the signatures may take (the official set takes a while). */
  readyTimeoutMs?: number;
}

/** The EICAR anti-malware test file, assembled so this source file itself is not flagged. */
export const EICAR = Buffer.from(
  ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS', '-TEST-FILE!$H+H*'].join(''),
  'latin1',
);

/** Writes a body-signature database (.ndb) that finds the EICAR string anywhere in any file. */
export function writeEicarSignatures(dir: string): void {
  writeFileSync(join(dir, 'parley-test.ndb'), `Parley.Test.EICAR:0:*:${EICAR.toString('hex')}\n`);
}

function hasSystemSignatures(dir = SYSTEM_SIGNATURES): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => /\.(cvd|cld|cud)$/.test(f));
}

export async function startPrivateClamd(opts: PrivateClamdOptions): Promise<PrivateClamd> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-clamd-'));
  let signaturesDir = opts.signaturesDir;
  if (!signaturesDir && hasSystemSignatures()) signaturesDir = SYSTEM_SIGNATURES;
  if (!signaturesDir) {
    signaturesDir = join(dir, 'signatures');
    mkdirSync(signaturesDir);
  }
  if (!existsSync(signaturesDir) || readdirSync(signaturesDir).length === 0) writeEicarSignatures(signaturesDir);
  const socket = join(dir, 'clamd.sock');
  const conf = join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `LocalSocket ${socket}`,
      `DatabaseDirectory ${signaturesDir}`,
      `TemporaryDirectory ${dir}`,
      `StreamMaxLength ${opts.maxStreamBytes}`,
      'LogTime no',
      '',
    ].join('\n'),
  );
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      '"$1" -c "$2" & pid=$!; read -r _; kill "$pid" 2>/dev/null; wait "$pid"',
      'clamd',
      opts.binary ?? CLAMD_BINARY,
      conf,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin?.end();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilPong(child, dir, socket, opts.readyTimeoutMs ?? 120_000);
    // Keep reading what clamd prints, or a full pipe would stall it.
    child.stdout?.resume();
    child.stderr?.resume();
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: socket, signatures: signaturesDir, stop };
}

/**
 * clamd prints its settings as it starts and binds its socket late; every line it prints and the socket file
 * appearing are prompts to try PING, and the first PONG means ready. No polling on a timer; the deadline only fails the start.
 */
function untilPong(child: ChildProcess, dir: string, socket: string, timeoutMs: number): Promise<void> {
  const client = createClamdClient({ url: socket, timeoutMs: 2000 });
  let output = '';
  return new Promise((resolve, reject) => {
    let done = false;
    let trying = false;
    let again = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout?.off('data', onOutput);
      child.stderr?.off('data', onOutput);
      child.off('exit', onExit);
      watcher.close();
      if (err) reject(err);
      else resolve();
    };
    const attempt = async () => {
      if (trying) return void (again = true);
      trying = true;
      do {
        again = false;
        if (existsSync(socket) && (await client.ping())) return finish();
      } while (again && !done);
      trying = false;
    };
    const onOutput = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      void attempt();
    };
    const onExit = () => finish(new Error(`clamd exited while starting:\n${output}`));
    const timer = setTimeout(
      () => finish(new Error(`clamd did not answer PING in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const watcher = watch(dir, () => void attempt());
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('exit', onExit);
  });
}

/**
 * A client for clamd's INSTREAM command: `zINSTREAM\0`, then the file as chunks each prefixed by its length (4 bytes,
 * big-endian), then a zero-length chunk; clamd answers `stream: OK`, `stream: <signature> FOUND`, or an error (for
 * instance when the stream passes its StreamMaxLength). Fail closed: anything but an explicit OK or FOUND, a
 * dropped connection or the timeout is an error, never a pass.
 */
import { connect, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

export interface Scanner {
  /** Resolves with the verdict; rejects when the file could not be scanned. The file whole, or its chunks in order. */
  scan(data: Uint8Array | readonly Uint8Array[]): Promise<ScanVerdict>;
  /** True when clamd answers PONG in time. */
  ping(): Promise<boolean>;
}

export interface ClamdOptions {
  /** `tcp://host:port` or a unix socket path. */
  url: string;
  timeoutMs: number;
  chunkBytes?: number;
}

export class ScanError extends Error {}

export function createClamdClient(opts: ClamdOptions): Scanner {
  const chunkBytes = opts.chunkBytes ?? 64 * 1024;
  return {
    async scan(data) {
      const reply = await exchange(opts, async (socket) => {
        await write(socket, Buffer.from('zINSTREAM\0', 'latin1'));
        for (const part of data instanceof Uint8Array ? [data] : data)
          for (let off = 0; off < part.length; off += chunkBytes) {
            const chunk = part.subarray(off, Math.min(off + chunkBytes, part.length));
            const length = Buffer.alloc(4);
            length.writeUInt32BE(chunk.length);
            // One system call (and one wake-up of clamd) for the length and its chunk, not two.
            socket.cork();
            socket.write(length);
            const written = write(socket, chunk);
            socket.uncork();
            await written;
            // A local clamd takes chunks as fast as they come, so every write succeeds at once and the loop would
            // run the whole file's writes back to back: let other work in between two chunks.
            await nextTurn();
          }
        await write(socket, Buffer.alloc(4));
      });
      if (reply === 'stream: OK') return { clean: true };
      const found = /^stream: (.+) FOUND$/.exec(reply);
      if (found?.[1]) return { clean: false, signature: found[1] };
      throw new ScanError(`clamd answered: ${reply.slice(0, 200)}`);
    },

    async ping() {
      try {
        return (await exchange(opts, (socket) => write(socket, Buffer.from('zPING\0', 'latin1')))) === 'PONG';
      } catch {
        return false;
      }
    },
  };
}

/** Opens a connection, sends through `send`, and resolves with clamd's NUL-terminated reply. */
function exchange(opts: ClamdOptions, send: (socket: Socket) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = opts.url.startsWith('tcp://') ? connect(tcpTarget(opts.url)) : connect({ path: opts.url });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (err: Error | undefined, reply?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(reply ?? '');
    };
    const timer = setTimeout(
      () => finish(new ScanError(`clamd did not answer in ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const end = all.indexOf(0);
      if (end >= 0) finish(undefined, all.toString('utf8', 0, end).trim());
    });
    // clamd may answer (e.g. a size-limit error) and close while we still write: its words, read by the time the
    // socket closes, beat our EPIPE.
    let failure: Error | undefined;
    socket.on('error', (err) => (failure = new ScanError(`clamd connection failed: ${err.message}`)));
    socket.on('close', () => finish(replyOr(chunks, failure ?? new ScanError('clamd closed without a reply'))));
    socket.once('connect', () => {
      // A failed write ends in 'close', which reports it with whatever clamd said.
      send(socket).catch(() => socket.destroy());
    });
  });
}

function replyOr(chunks: Buffer[], err: ScanError): ScanError {
  const text = Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim();
  return text ? new ScanError(`clamd answered: ${text.slice(0, 200)}`) : err;
}

function write(socket: Socket, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return reject(new ScanError('clamd connection closed'));
    if (socket.write(data)) return resolve();
    const onDrain = () => {
      socket.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      socket.off('drain', onDrain);
      reject(new ScanError('clamd connection closed'));
    };
    socket.once('drain', onDrain);
    socket.once('close', onClose);
  });
}

function tcpTarget(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

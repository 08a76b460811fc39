/**
 * The one path every file takes, whichever channel it came from: a hard byte cap, the real type from the bytes,
 * executables, archives and macros refused, then clamd. Only then is it stored. Fail closed: no scanner, a timeout
 * or any scanner error refuses the file; a refused file is never written anywhere.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock, TimerHandle } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { FifoLock } from '../fifo-lock.js';
import type { Logger } from '../logger.js';
import { FileBytes } from './bytes.js';
import type { Scanner } from './clamd.js';
import { IntakePace, type Paced } from './intake-pace.js';
import { imageSize, type ImageSize } from './dimensions.js';
import { displayFileName } from './filename.js';
import type { AttachmentRecord } from './model.js';
import { sniff } from './sniff.js';
import { sha256, type AttachmentStorage } from './storage.js';

/** Below the HTTP server's 30 s request timeout (server.ts): a file that waited this long gets words, not a 408. */
export const ADMIT_WAIT_MS = 20_000;
/** File bytes that pass the intake pace at once after a quiet spell. */
const BURST_BYTES = 4 * 1024 * 1024;

export interface PipelineDeps {
  /** Undefined when no clamd is configured: every file is then refused. */
  scanner: Scanner | undefined;
  storage: AttachmentStorage;
  maxBytes: number;
  /** Most files scanned at once (CLAMD_MAX_SCANS); 4 by default. */
  maxScans?: number;
  /** File bytes taken in per second by all uploads together (ATTACHMENT_INTAKE_BYTES_PER_SECOND); 0: no limit. */
  intakeBytesPerSecond?: number;
  /** Most files read, checked and stored at once (ATTACHMENT_MAX_CONCURRENT); 4 by default. */
  maxConcurrent?: number;
  /** Longest a file waits for its turn before it is refused (PARLEY_ERR_UPLOADS_BUSY) [20 s]. */
  admitWaitMs?: number;
  clock: Clock;
  logger: Logger;
}

export interface IncomingFile {
  /** The bytes, whole or as the chunks they arrived in (readCapped). */
  data: Buffer | FileBytes;
  /** The bytes' SHA-256 when it was computed as they arrived (readCapped); else computed here. */
  sha256?: string;
  conversationId: string;
  /** The name the sender gave; shown (sanitised), never trusted. */
  name?: string;
  /** What the sender said the type was: logged beside the sniffed one, never used. */
  claimedType?: string;
  /** Where it came from (web, whatsapp...), for the log. */
  source: string;
}

export interface AcceptedFile {
  record: AttachmentRecord;
  image: boolean;
  /** An image's size in pixels from its header, when it could be read. */
  size?: ImageSize;
}

export class AttachmentPipeline {
  private readonly scans: FifoLock;
  private readonly intakes: FifoLock;
  /** The pace every body read for this pipeline keeps (readCapped), whichever channel it came from. */
  readonly paced: Paced;

  constructor(private readonly d: PipelineDeps) {
    this.scans = new FifoLock(d.maxScans ?? 4);
    this.intakes = new FifoLock(d.maxConcurrent ?? 4);
    // A few MB pass at once: a photo or two never waits, only a sustained flood does.
    this.paced = { pace: new IntakePace(d.clock, d.intakeBytesPerSecond ?? 0, BURST_BYTES), clock: d.clock };
  }

  get enabled(): boolean {
    return this.d.scanner !== undefined;
  }

  get maxBytes(): number {
    return this.d.maxBytes;
  }

  /**
   * Runs one file's whole intake (reading its body, then accept) when its turn comes: at most maxConcurrent at once, in
   * the order they came. A file waiting its turn is not read at all, so its bytes wait in the sender's socket (TCP
   * back-pressure) rather than in this process's memory: 50 bodies held half-read at once cost seconds of GC.
   */
  async admit<T>(intake: () => Promise<T>): Promise<T> {
    // A file that waits too long is refused in words (before the HTTP server's request timeout would cut it off).
    let gaveUp = false;
    const turn = this.intakes.acquire().then(() => {
      if (gaveUp) this.intakes.release();
      return !gaveUp;
    });
    let timer: TimerHandle | undefined;
    const late = new Promise<false>((resolve) => {
      timer = this.d.clock.setTimeout(() => {
        gaveUp = true;
        resolve(false);
      }, this.d.admitWaitMs ?? ADMIT_WAIT_MS);
    });
    const admitted = await Promise.race([turn, late]);
    if (timer !== undefined) this.d.clock.clearTimeout(timer);
    if (!admitted) throw new ParleyError('PARLEY_ERR_UPLOADS_BUSY');
    const stopped = this.paced.pace.started();
    try {
      return await intake();
    } finally {
      stopped();
      this.intakes.release();
    }
  }

  async accept(file: IncomingFile): Promise<AcceptedFile> {
    const data = FileBytes.of(file.data);
    const log = { source: file.source, claimedType: file.claimedType?.slice(0, 100), size: data.length };
    const refuse = (code: 'PARLEY_ERR_FILE_TOO_LARGE' | 'PARLEY_ERR_FILE_TYPE', verdict: string, sniffed?: string) => {
      this.d.logger.info({ ...log, sniffed, verdict }, 'attachment refused');
      return new ParleyError(code);
    };
    if (data.length > this.d.maxBytes) throw refuse('PARLEY_ERR_FILE_TOO_LARGE', 'too large');
    const type = sniff(data);
    if (!type.ok) throw refuse('PARLEY_ERR_FILE_TYPE', type.reason);
    await this.scan(data, { ...log, sniffed: type.mimeType });
    const record: AttachmentRecord = {
      id: randomUUID(),
      conversationId: file.conversationId,
      name: displayFileName(file.name, type.image ? 'image' : 'file'),
      mimeType: type.mimeType,
      size: data.length,
      sha256: file.sha256 ?? sha256(data.chunks),
      scan: 'clean',
      createdAt: this.d.clock.now(),
    };
    await this.d.storage.put(record, data);
    this.d.logger.info({ ...log, sniffed: type.mimeType, verdict: 'clean', id: record.id }, 'attachment stored');
    const size = type.image ? imageSize(data, type.mimeType) : undefined;
    return { record, image: type.image, ...(size ? { size } : {}) };
  }

  private async scan(data: FileBytes, log: Record<string, unknown>): Promise<void> {
    const { scanner } = this.d;
    if (!scanner) {
      this.d.logger.info({ ...log, verdict: 'no scanner' }, 'attachment refused');
      throw new ParleyError('PARLEY_ERR_FILE_UNCHECKED');
    }
    let verdict;
    try {
      verdict = await this.scans.run(() => scanner.scan(data.chunks));
    } catch (err) {
      this.d.logger.warn(
        { ...log, verdict: 'scan failed', err: { message: err instanceof Error ? err.message : String(err) } },
        'attachment refused: the scanner failed',
      );
      throw new ParleyError('PARLEY_ERR_FILE_UNCHECKED');
    }
    if (!verdict.clean) {
      this.d.logger.warn({ ...log, verdict: 'infected', signature: verdict.signature }, 'attachment refused');
      throw new ParleyError('PARLEY_ERR_FILE_UNSAFE');
    }
  }
}

/** A body read in full, as the chunks it arrived in, with its SHA-256. */
export interface CappedBody {
  data: FileBytes;
  sha256: string;
}

/**
 * Chunks smaller than this are gathered into blocks of this size: a body trickled in tiny reads would otherwise cost a
 * Buffer object per few bytes. Larger chunks are kept as they came, so the body is never copied whole.
 */
const BLOCK_BYTES = 16 * 1024;

/**
 * Reads a body into memory up to `maxBytes` and no further: past the cap it stops reading and rejects. The cap is
 * what bounds memory (kept chunks plus blocks at least half full: at most twice the cap); a declared Content-Length
 * over it is refused before the first byte (see routes.ts). The hash is taken chunk by chunk as the bytes arrive:
 * hashing 5 MB at once held the event loop for about 7 ms per upload. The chunks are kept as they are: copying 50
 * bodies into fresh 5 MB buffers as they arrived held the loop for hundreds of ms at a time (page faults).
 */
export function readCapped(stream: Readable, maxBytes: number, paced?: Paced): Promise<CappedBody> {
  return new Promise((resolve, reject) => {
    let done = false;
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    let block: Buffer | undefined;
    let used = 0;
    // A block at least half full is kept as it is; a smaller rest is copied out and the block used again.
    const flush = () => {
      if (!block || used === 0) return;
      if (used * 2 >= block.length) {
        chunks.push(block.subarray(0, used));
        block = undefined;
      } else chunks.push(Buffer.from(block.subarray(0, used)));
      used = 0;
    };
    const cleanup = () => {
      done = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('aborted', onError);
      stream.off('close', onError);
    };
    const onData = (data: Uint8Array) => {
      const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        stream.pause();
        reject(new ParleyError('PARLEY_ERR_FILE_TOO_LARGE'));
        return;
      }
      hash.update(chunk);
      const rest = paced?.pace.take(chunk.length) ?? 0;
      if (rest > 0) {
        stream.pause();
        paced?.clock.setTimeout(() => done || stream.resume(), rest);
      }
      if (chunk.length >= BLOCK_BYTES) {
        flush();
        chunks.push(chunk);
        return;
      }
      if (block && used + chunk.length > block.length) flush();
      block ??= Buffer.allocUnsafe(BLOCK_BYTES);
      used += chunk.copy(block, used);
    };
    const onEnd = () => {
      cleanup();
      flush();
      resolve({ data: new FileBytes(chunks), sha256: hash.digest('hex') });
    };
    const onError = () => {
      cleanup();
      reject(new ParleyError('PARLEY_ERR_BAD_FRAME', 'The upload was interrupted.'));
    };
    // A request that waited its turn (admit) may have been abandoned meanwhile: it will never end.
    if (stream.destroyed) return onError();
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onError);
    stream.on('error', onError);
    stream.on('aborted', onError);
  });
}

/**
 * The one path every file takes, whichever channel it came from: a hard byte cap, the real type from the bytes,
 * executables, archives and macros refused, then clamd. Only then is it stored. Fail closed: no scanner, a timeout
 * or any scanner error refuses the file; a refused file is never written anywhere.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { FifoLock } from '../fifo-lock.js';
import type { Logger } from '../logger.js';
import type { Scanner } from './clamd.js';
import { imageSize, type ImageSize } from './dimensions.js';
import { displayFileName } from './filename.js';
import type { AttachmentRecord } from './model.js';
import { sniff } from './sniff.js';
import { sha256, type AttachmentStorage } from './storage.js';

export interface PipelineDeps {
  /** Undefined when no clamd is configured: every file is then refused. */
  scanner: Scanner | undefined;
  storage: AttachmentStorage;
  maxBytes: number;
  /** Most files scanned at once (CLAMD_MAX_SCANS); 4 by default. */
  maxScans?: number;
  clock: Clock;
  logger: Logger;
}

export interface IncomingFile {
  data: Buffer;
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

  constructor(private readonly d: PipelineDeps) {
    this.scans = new FifoLock(d.maxScans ?? 4);
  }

  get enabled(): boolean {
    return this.d.scanner !== undefined;
  }

  get maxBytes(): number {
    return this.d.maxBytes;
  }

  async accept(file: IncomingFile): Promise<AcceptedFile> {
    const { data } = file;
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
      sha256: file.sha256 ?? sha256(data),
      scan: 'clean',
      createdAt: this.d.clock.now(),
    };
    await this.d.storage.put(record, data);
    this.d.logger.info({ ...log, sniffed: type.mimeType, verdict: 'clean', id: record.id }, 'attachment stored');
    const size = type.image ? imageSize(data, type.mimeType) : undefined;
    return { record, image: type.image, ...(size ? { size } : {}) };
  }

  private async scan(data: Buffer, log: Record<string, unknown>): Promise<void> {
    const { scanner } = this.d;
    if (!scanner) {
      this.d.logger.info({ ...log, verdict: 'no scanner' }, 'attachment refused');
      throw new ParleyError('PARLEY_ERR_FILE_UNCHECKED');
    }
    let verdict;
    try {
      verdict = await this.scans.run(() => scanner.scan(data));
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

/** A body read whole, with its SHA-256. */
export interface CappedBody {
  data: Buffer;
  sha256: string;
}

/**
 * Reads a body into memory up to `maxBytes` and no further: past the cap it stops reading and rejects. The cap is
 * what bounds memory; a declared Content-Length over it is refused before the first byte (see routes.ts). The hash
 * is taken chunk by chunk as the bytes arrive: hashing 5 MB at once held the event loop for about 7 ms per upload.
 * With the length declared, each chunk is copied into place as it arrives: gathering 5 MB at the end (Buffer.concat)
 * held the loop for one long copy, hundreds of ms on this machine under load.
 */
export function readCapped(stream: Readable, maxBytes: number, declaredBytes?: number): Promise<CappedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    // Only a hint: a body longer than declared (a decoded download) goes on in chunks.
    let whole =
      declaredBytes !== undefined &&
      Number.isSafeInteger(declaredBytes) &&
      declaredBytes > 0 &&
      declaredBytes <= maxBytes
        ? Buffer.allocUnsafe(declaredBytes)
        : undefined;
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('aborted', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        stream.pause();
        reject(new ParleyError('PARLEY_ERR_FILE_TOO_LARGE'));
        return;
      }
      hash.update(chunk);
      if (whole && size <= whole.length) {
        chunk.copy(whole, size - chunk.length);
        return;
      }
      if (whole) chunks.push(whole.subarray(0, size - chunk.length));
      whole = undefined;
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const data = whole ? whole.subarray(0, size) : Buffer.concat(chunks, size);
      resolve({ data, sha256: hash.digest('hex') });
    };
    const onError = () => {
      cleanup();
      reject(new ParleyError('PARLEY_ERR_BAD_FRAME', 'The upload was interrupted.'));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('aborted', onError);
  });
}

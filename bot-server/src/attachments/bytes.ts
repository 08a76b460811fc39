/**
 * A file's bytes kept as the chunks they arrived in. Copying 50 arriving 5 MB bodies into fresh 5 MB buffers was the
 * longest busy stretch of the server's thread during uploads (page faults on first touch, hundreds of ms at once), so
 * nothing joins a whole file any more: the sniffer reads the head, the zip checks read the central directory at the
 * end and one small entry, clamd and the store take the chunks in order. `subarray` copies only when the bytes asked
 * for straddle two chunks, and then only those.
 */

/** What the readers of a file's bytes need: a length and a range (a Buffer is one too). */
export interface ByteView {
  readonly length: number;
  subarray(start: number, end: number): Buffer;
}

export class FileBytes implements ByteView {
  readonly length: number;
  /** Where each chunk starts in the file. */
  private readonly starts: number[] = [];

  readonly chunks: readonly Buffer[];

  constructor(chunks: readonly Buffer[]) {
    this.chunks = chunks.filter((c) => c.length > 0);
    let at = 0;
    for (const c of this.chunks) {
      this.starts.push(at);
      at += c.length;
    }
    this.length = at;
  }

  static of(data: Buffer | FileBytes): FileBytes {
    return data instanceof FileBytes ? data : new FileBytes([data]);
  }

  /** Bytes `start` to `end` (0 <= start; both clamped to the length): a view into one chunk, else a copy of just that range. */
  subarray(start: number, end: number): Buffer {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    if (from === to) return Buffer.alloc(0);
    let i = this.chunkAt(from);
    const first = this.chunks[i]!;
    const offset = from - this.starts[i]!;
    if (to - from <= first.length - offset) return first.subarray(offset, offset + to - from);
    const out = Buffer.allocUnsafe(to - from);
    let filled = 0;
    for (; filled < out.length; i++) {
      const c = this.chunks[i]!;
      const skip = filled === 0 ? offset : 0;
      filled += c.copy(out, filled, skip, Math.min(c.length, skip + out.length - filled));
    }
    return out;
  }

  /** Whether `needle` occurs anywhere, also across the joins of two chunks. */
  includes(needle: Buffer): boolean {
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      if (c.includes(needle)) return true;
      // An occurrence that starts in this chunk and ends in a later one: search the join's neighbourhood.
      const start = this.starts[i]! + Math.max(0, c.length - needle.length + 1);
      const end = this.starts[i]! + c.length + needle.length - 1;
      if (i + 1 < this.chunks.length && this.subarray(start, end).includes(needle)) return true;
    }
    return false;
  }

  /**
   * The bytes in pieces of at most `max` bytes, in order: a chunk that fills a piece is a view; smaller chunks are
   * gathered into one piece (a copy of at most `max` bytes, made when the piece is asked for).
   */
  *pieces(max: number): Generator<Buffer> {
    for (let at = 0; at < this.length;) {
      const piece = this.subarray(at, at + max);
      at += piece.length;
      yield piece;
    }
  }

  private chunkAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

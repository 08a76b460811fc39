/**
 * One socket's delivery in seq order. The fanout is only a wake-up: a frame can come twice (replay, then the
 * live copy; a catch-up pass), or after a gap (a wake-up lost to a crash between commit and publish, or to
 * Redis being away). A message at the socket's next seq goes out at once; an older one is dropped; a newer
 * one first reads what is missing from the store, so the socket never shows a message before those committed
 * ahead of it. Frames that arrive during that read wait behind it, so views and typing keep their order.
 */
import type { Message, ServerFrame } from '@parley/protocol';

/** Committed messages of the socket's conversation with seq greater than `afterSeq`, ascending. */
export type ReadAfter = (afterSeq: number) => Promise<Message[]>;

export class InOrder {
  private filling = false;
  private readonly waiting: ServerFrame[] = [];

  constructor(
    /** Highest seq the socket has (the welcome's lastSeq once the replay is out). */
    private last: number,
    private readonly read: ReadAfter,
    private readonly emit: (frame: ServerFrame) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  get lastSeq(): number {
    return this.last;
  }

  push(frame: ServerFrame, mayRead = true): void {
    if (this.filling) {
      this.waiting.push(frame);
      return;
    }
    if (frame.type !== 'message') return this.emit(frame);
    const seq = frame.message.seq;
    if (seq <= this.last) return;
    if (seq === this.last + 1) {
      this.last = seq;
      return this.emit(frame);
    }
    // Still out of order right after a read: not committed as far as this reader sees; the next wake-up
    // or catch-up pass brings it (never a read loop).
    if (mayRead) this.fill(frame);
  }

  private fill(trigger: ServerFrame): void {
    this.filling = true;
    this.waiting.push(trigger);
    this.read(this.last)
      .then((messages) => {
        for (const message of messages) {
          if (message.seq !== this.last + 1) continue;
          this.last = message.seq;
          this.emit({ type: 'message', message });
        }
      })
      .catch(this.onError)
      .finally(() => {
        this.filling = false;
        for (const frame of this.waiting.splice(0)) this.push(frame, false);
      });
  }
}

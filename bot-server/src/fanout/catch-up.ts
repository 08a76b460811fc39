/**
 * The safety net under the Redis wake-ups: every `intervalMs`, and at once when Redis comes back, compares
 * the committed head (last_seq) of each conversation this instance serves with the highest seq it delivered
 * locally. Where the store is ahead, a wake-up was lost (the publishing instance died between commit and
 * publish, or Redis was away or partitioned); the newest committed message is then delivered locally, and
 * each socket's InOrder reads whatever else it lacks. One query per 500 served conversations per pass.
 *
 * Views (status, queue place, agents) are not in the log: the current one, read from the conversation row, follows
 * each caught-up message, and goes to every served conversation when Redis comes back (`run(true)`).
 * Typing is not in the log either, and a "stopped typing" lost while Redis was away would leave "typing..." on the
 * customer's screen until the agent's next message: when Redis comes back, every served conversation is told that
 * nobody is typing; someone still typing is shown again at their next typing notice (every few seconds).
 */
import type { Message, ServerFrame } from '@parley/protocol';
import { viewOf } from '../domain/conversation-data.js';
import type { ConversationRecord } from '../domain/ports.js';
import type { MemoryFanout } from './memory.js';

/** What the catch-up reads: the store, committed rows only. */
export interface CommittedLog {
  lastSeqs(conversationIds: readonly string[]): Promise<Map<string, number>>;
  listMessagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]>;
  getConversation(id: string): Promise<ConversationRecord | undefined>;
}

/** Clears whatever typing indicator a tab shows (the widget clears on any `active: false`). */
const NOBODY_TYPING: ServerFrame = { type: 'typing', author: { role: 'agent' }, active: false };

export class CatchUp {
  /** Conversation -> highest message seq delivered to local listeners. */
  private readonly seen = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval>;
  private running: Promise<void> | undefined;

  constructor(
    private readonly local: MemoryFanout,
    private readonly log: CommittedLog,
    intervalMs: number,
    private readonly warn: (kind: string, obj: object, msg: string) => void,
  ) {
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  /** Delivers a frame to local listeners, remembering the highest message seq. */
  deliver(conversationId: string, frame: ServerFrame): void {
    if (frame.type === 'message') {
      const seen = this.seen.get(conversationId) ?? 0;
      if (frame.message.seq > seen) this.seen.set(conversationId, frame.message.seq);
    }
    this.local.publish(conversationId, frame);
  }

  /** One pass now (a pass already under way is joined); `views`: every served conversation's view too. */
  run(views = false): Promise<void> {
    this.running ??= this.pass(views)
      .catch((err: unknown) => this.warn('catch-up', { err: summary(err) }, 'fanout catch-up pass failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async pass(views: boolean): Promise<void> {
    for (const id of this.seen.keys()) if (this.local.listenerCount(id) === 0) this.seen.delete(id);
    const served = [...this.local.conversations()];
    if (served.length === 0) return;
    const heads = await this.log.lastSeqs(served);
    for (const [id, head] of heads) {
      const behind = head > (this.seen.get(id) ?? 0);
      if ((!behind && !views) || this.local.listenerCount(id) === 0) continue;
      if (behind) {
        const [message] = await this.log.listMessagesAfter(id, head - 1, 1);
        if (message) this.deliver(id, { type: 'message', message });
      }
      const conversation = await this.log.getConversation(id);
      if (conversation) this.deliver(id, { type: 'conversation.view', view: viewOf(conversation) });
      if (views) this.deliver(id, NOBODY_TYPING);
    }
  }
}

function summary(err: unknown): { message: string } {
  return { message: err instanceof Error ? err.message : String(err) };
}

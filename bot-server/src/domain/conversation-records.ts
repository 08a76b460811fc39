/**
 * Reading, updating and posting to one conversation: compare-and-set updates that survive another instance
 * writing first, and messages stored then handed to outbound delivery. The only writer of ConversationRecord
 * for the service's modules.
 */
import type { Author, Channel, Content } from '@parley/protocol';
import { ParleyError } from '../errors.js';
import { applyViewPatch, dataOf, viewOf, type ConversationData, type ViewPatch } from './conversation-data.js';
import type { Outbound } from './outbound.js';
import type { Clock, ConversationRecord, Store } from './ports.js';

const CAS_ATTEMPTS = 5;

/** Enough of a conversation to post to it: messages are stored on the conversation's own channel. */
export interface ConversationRef {
  id: string;
  channel: Channel;
}

type RecordPatch = { state?: string; data?: Record<string, unknown>; endedAt?: number | null };

export class ConversationRecords {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly outbound: Outbound,
  ) {}

  async get(conversationId: string): Promise<ConversationRecord> {
    const conv = await this.store.getConversation(conversationId);
    if (!conv) throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such conversation.');
    return conv;
  }

  /**
   * Compare-and-set update, re-read and re-applied on a version conflict (another instance wrote
   * first). `current`, when given, is tried first and saves a read.
   */
  async update(
    conversationId: string,
    patch: (rec: ConversationRecord) => RecordPatch,
    current?: ConversationRecord,
  ): Promise<ConversationRecord> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const rec = attempt === 0 && current ? current : await this.get(conversationId);
      const updated = await this.store.updateConversation(conversationId, rec.version, {
        ...patch(rec),
        now: this.clock.now(),
      });
      if (updated) return updated;
    }
    throw new ParleyError('PARLEY_ERR_INTERNAL', 'The conversation kept changing; try again.');
  }

  mutate(conversationId: string, fn: (data: ConversationData) => ConversationData): Promise<ConversationRecord> {
    return this.update(conversationId, (rec) => ({ data: fn(dataOf(rec)) as Record<string, unknown> }));
  }

  patchView(conversationId: string, patch: ViewPatch): Promise<ConversationRecord> {
    return this.mutate(conversationId, (d) => applyViewPatch(d, patch));
  }

  /** Stores a message from the conversation's side (bot, agent, system) and delivers it; a redelivery stores nothing. */
  async post(conv: ConversationRef, author: Author, content: Content, clientMsgId?: string): Promise<void> {
    const { message, duplicate } = await this.store.appendMessage({
      conversationId: conv.id,
      author,
      content,
      channel: conv.channel,
      now: this.clock.now(),
      ...(clientMsgId ? { clientMsgId } : {}),
    });
    if (!duplicate) this.outbound.message(message);
  }

  /**
   * Stores several messages at once, in this order (they share one group commit instead of one commit each), then
   * delivers them in order. A failure delivers nothing past the first message that failed.
   */
  async postAll(conv: ConversationRef, author: Author, contents: readonly Content[]): Promise<void> {
    const now = this.clock.now();
    const appended = contents.map((content) =>
      this.store.appendMessage({ conversationId: conv.id, author, content, channel: conv.channel, now }),
    );
    for (const result of appended) this.outbound.message((await result).message);
  }

  publishView(conv: ConversationRecord): void {
    this.outbound.view(conv.id, viewOf(conv));
  }
}

/**
 * A conversation's channel identity kept in memory while its outbound queue is busy: a bot turn's several messages
 * are delivered back to back, and each needs the identity (address, window, render state); it is read once for the
 * burst, not once per message. Forgotten when the queue runs dry (a write by another instance is seen at the next
 * burst), around the inbox's exclusive reading (which writes it), and when a write through here fails.
 */
import type { ChannelIdentityRecord } from '../../domain/messaging-ports.js';

interface Held {
  tasks: number;
  identity?: ChannelIdentityRecord | undefined;
}

export class BurstIdentities {
  private readonly held = new Map<string, Held>();

  constructor(private readonly read: (conversationId: string) => Promise<ChannelIdentityRecord | undefined>) {}

  /** Runs a task of the conversation's queue, counting it so the identity is kept while the burst lasts. */
  async during<T>(conversationId: string, queued: (task: () => Promise<T>) => Promise<T>, task: () => Promise<T>) {
    let h = this.held.get(conversationId);
    if (!h) this.held.set(conversationId, (h = { tasks: 0 }));
    h.tasks++;
    const held = h;
    try {
      return await queued(task);
    } finally {
      if (--held.tasks === 0 && this.held.get(conversationId) === held) this.held.delete(conversationId);
    }
  }

  async get(conversationId: string): Promise<ChannelIdentityRecord | undefined> {
    const h = this.held.get(conversationId);
    if (h?.identity) return h.identity;
    const identity = await this.read(conversationId);
    if (h && identity?.conversationId === conversationId) h.identity = identity;
    return identity;
  }

  /** The identity as just written (or undefined: read it again next time). */
  saved(conversationId: string, identity: ChannelIdentityRecord | undefined): void {
    const h = this.held.get(conversationId);
    if (h) h.identity = identity;
  }

  forget(conversationId: string): void {
    this.saved(conversationId, undefined);
  }
}

import type { CustomerContent } from '@parley/protocol';
import type { WidgetStorage } from './storage.js';

/** A customer message not yet acknowledged by the server. */
export interface PendingMessage {
  readonly clientMsgId: string;
  readonly content: CustomerContent;
  readonly createdAt: number;
  /** Set when the server refused it for good (e.g. text too long); it is then not resent. */
  error?: string;
}

const KEY = 'outbox';
/** Beyond this many unacked messages something is wrong; the oldest are dropped from persistence. */
const MAX_PENDING = 50;

/**
 * Unacknowledged customer messages, persisted so that neither a reload nor a dropped socket loses them.
 * Every change re-reads storage first, so tabs adding to the same outbox do not overwrite each other.
 * Resending an entry always uses its original clientMsgId: the server dedupes, so nothing is doubled.
 */
export class Outbox {
  constructor(private readonly storage: WidgetStorage) {}

  /** All pending messages, oldest first. */
  list(): PendingMessage[] {
    const raw = this.storage.get<unknown>(KEY);
    return Array.isArray(raw) ? raw.filter(isPending) : [];
  }

  add(message: PendingMessage): void {
    const list = this.list().filter((m) => m.clientMsgId !== message.clientMsgId);
    list.push(message);
    this.storage.set(KEY, list.slice(-MAX_PENDING));
  }

  /** Removes an entry (acked, or seen as a stored message from another tab). Returns whether it was there. */
  remove(clientMsgId: string): boolean {
    const list = this.list();
    const next = list.filter((m) => m.clientMsgId !== clientMsgId);
    if (next.length === list.length) return false;
    this.storage.set(KEY, next.length ? next : undefined);
    return true;
  }

  /** Marks an entry as refused for good so it is shown as failed and not resent. */
  fail(clientMsgId: string, error: string): void {
    this.storage.set(
      KEY,
      this.list().map((m) => (m.clientMsgId === clientMsgId ? { ...m, error } : m)),
    );
  }

  clear(): void {
    this.storage.set(KEY, undefined);
  }
}

function isPending(v: unknown): v is PendingMessage {
  const m = v as PendingMessage | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.clientMsgId === 'string' &&
    typeof m.createdAt === 'number' &&
    typeof m.content === 'object' &&
    m.content !== null
  );
}

/**
 * In-process Fanout: every socket of a conversation on this instance (several tabs, the agent
 * view) subscribes; publish delivers synchronously to each. The default when REDIS_URL is unset.
 */
import type { ServerFrame } from '@parley/protocol';
import type { Fanout } from '../domain/ports.js';

export type FrameListener = (frame: ServerFrame) => void;

export interface FanoutLogger {
  warn(obj: object, msg: string): void;
}

export interface MemoryFanoutOptions {
  /** A throwing listener is logged here and never stops delivery to the others. */
  logger?: FanoutLogger;
}

export class MemoryFanout implements Fanout {
  private readonly listeners = new Map<string, Set<FrameListener>>();
  private readonly logger: FanoutLogger | undefined;

  constructor(options: MemoryFanoutOptions = {}) {
    this.logger = options.logger;
  }

  publish(conversationId: string, frame: ServerFrame): void {
    const set = this.listeners.get(conversationId);
    if (!set) return;
    // Snapshot: a listener may unsubscribe (or subscribe another) while we deliver.
    for (const listener of [...set]) {
      try {
        listener(frame);
      } catch (err) {
        this.logger?.warn(
          { conversationId, err: { message: err instanceof Error ? err.message : String(err) } },
          'fanout listener threw',
        );
      }
    }
  }

  subscribe(conversationId: string, listener: FrameListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    // Wrap so the same function subscribed twice is two subscriptions with two unsubscribes.
    const entry: FrameListener = (frame) => listener(frame);
    set.add(entry);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(entry);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  /** Number of local listeners of a conversation (0 when none). */
  listenerCount(conversationId: string): number {
    return this.listeners.get(conversationId)?.size ?? 0;
  }

  /** Conversations with at least one local listener. */
  conversations(): IterableIterator<string> {
    return this.listeners.keys();
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}

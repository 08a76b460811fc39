/**
 * What the Store contract's area suites share: the store under test (opened by the suite's
 * `before`, so read it inside a test, never at registration), and fresh visitors and conversations
 * with random ids, so tests share one store without interfering.
 */
import { randomUUID } from 'node:crypto';
import type { Content } from '@parley/protocol';
import type { MessagingStore } from '../../domain/messaging-ports.js';
import type { AppendMessageInput, AppendResult, Store } from '../../domain/ports.js';

/** The store as the server opens it: the core's Store and the messaging channels' records. */
export type FullStore = Store & MessagingStore;

export interface StoreUnderTest {
  store: FullStore;
  /** A second, independent store (own connection pool) on the same database, where supported. */
  peer?: Store;
  cleanup(): Promise<void>;
}

export const T0 = 1_700_000_000_000;

export const text = (t: string): Content => ({ type: 'text', text: t });

export class ContractFixture {
  private sut: StoreUnderTest | undefined;

  async open(open: () => Promise<StoreUnderTest>): Promise<void> {
    this.sut = await open();
  }

  async cleanup(): Promise<void> {
    await this.sut?.cleanup();
  }

  get store(): FullStore {
    if (!this.sut) throw new Error('Store contract: the store is read before the suite opened it.');
    return this.sut.store;
  }

  /** The stores to spread concurrent writes over: the store and, where supported, its peer (two instances). */
  get writers(): Store[] {
    return this.sut?.peer ? [this.store, this.sut.peer] : [this.store];
  }

  async visitor(locale: string | null = 'en'): Promise<string> {
    const id = randomUUID();
    await this.store.createVisitor({ id, tokenHash: `hash-${id}`, locale, now: T0 });
    return id;
  }

  async conversation(visitorId?: string, now = T0): Promise<string> {
    const id = randomUUID();
    await this.store.createConversation({
      id,
      visitorId: visitorId ?? (await this.visitor()),
      channel: 'web',
      state: 'bot',
      data: { bot: { flow: 'main' } },
      now,
    });
    return id;
  }

  /** A web message with text content; `fields` overrides the author (default: the customer), ids and time. */
  say(
    conversationId: string,
    words: string,
    fields: Partial<Omit<AppendMessageInput, 'conversationId' | 'content'>> = {},
    store: Store = this.store,
  ): Promise<AppendResult> {
    return store.appendMessage({
      conversationId,
      author: { role: 'customer' },
      content: text(words),
      channel: 'web',
      now: T0,
      ...fields,
    });
  }
}

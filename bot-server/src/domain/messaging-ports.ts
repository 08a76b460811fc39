/**
 * The durable records of the messaging channels (WhatsApp, Messenger, X through an aggregator): the inbox of
 * webhook events (deduplicated, processed in per-customer order after the 2xx), the outbox of rendered bodies
 * (sent in order per conversation, retried, never doubled) and the identity linking a customer on a channel to
 * their Parley visitor and conversation. Implemented by the Kysely store next to `Store`.
 */
import type { ChannelName, CustomerAddress, CustomerProfile, InboundEvent } from '../channels/channel.js';

export interface InboxRecord {
  eventId: string;
  customerKey: string;
  event: InboundEvent;
  state: 'received' | 'processed';
  receivedAt: number;
}

/** A failed send's record: the attempts so far and when to try again. */
export interface OutboxRetry {
  attempts: number;
  nextAttemptAt: number;
  error: string;
  /** An attempt may have reached the aggregator without an answer: look for the body before posting it again. */
  unconfirmed?: boolean | undefined;
}

export interface OutboxRecord {
  id: number;
  /** Unique: an enqueue with a known key stores nothing (a redelivered message is rendered once). */
  key: string;
  conversationId: string;
  address: CustomerAddress;
  /** The rendered body (v1.1 or v2), as the client sends it. */
  body: Record<string, unknown>;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  /** The aggregator's message id, once sent. */
  externalId: string | null;
  lastError: string | null;
  createdAt: number;
  /** As OutboxRetry's: the next attempt first looks for the body among the conversation's messages. */
  unconfirmed: boolean;
}

export interface ChannelIdentityRecord {
  channel: ChannelName;
  appId: string;
  customerKey: string;
  visitorId: string;
  /** The conversation the customer's messages go to; a new one is opened when it has ended. */
  conversationId: string;
  address: CustomerAddress;
  profile: CustomerProfile;
  /** The channel's timestamp of the customer's last message or postback (the 24-hour window). */
  lastCustomerAt: number | null;
  /** What rendering remembers (last choice offered, form in progress), owned by the messaging service. */
  renderState: Record<string, unknown>;
  updatedAt: number;
}

/** The two queues whose keys are claimed: a customer's inbox events, a conversation's outbox bodies. */
export type MessagingQueue = 'inbox' | 'outbox';

/** A key this instance may work on, and the fencing token its marks name. */
export interface ClaimGrant {
  key: string;
  token: number;
  /**
   * Present (true) when the key was taken from another owner whose claim lapsed without a release: that owner may have
   * been in the middle of a send when it stopped, so the first body must be looked for before it is posted again.
   */
  takenOver?: true;
}

/** The claim a mark is made under: refused when the key's claim has since gone to another owner (or grant). */
export interface ClaimFence {
  owner: string;
  token: number;
}

/**
 * Per-key claims between instances sharing one database (areas/messaging-claims.ts): expiry on the database's
 * clock, a new token on every grant. Keys are given as a batch: one statement for a listing's keys.
 */
export interface MessagingClaims {
  /** Grants the keys that are free, expired or already `owner`'s; the others are left out of the answer. */
  claimMessagingKeys(
    queue: MessagingQueue,
    keys: readonly string[],
    owner: string,
    ttlMs: number,
  ): Promise<ClaimGrant[]>;
  /** Extends `owner`'s claims on `keys`; a key missing from the answer went to another owner. */
  renewMessagingClaims(
    queue: MessagingQueue,
    keys: readonly string[],
    owner: string,
    ttlMs: number,
  ): Promise<ClaimGrant[]>;
  /** Lets the keys go at once (the claims expire; their tokens stay, so the next grant raises them). */
  releaseMessagingClaims(queue: MessagingQueue, keys: readonly string[], owner: string): Promise<void>;
  /** Deletes claims expired for longer than `idleMs` (no mark lives that long); returns how many. */
  pruneMessagingClaims(idleMs: number): Promise<number>;
}

export interface MessagingStore extends MessagingClaims {
  /** Inserts the events not seen before (by eventId) and returns their ids; duplicates are ignored. */
  insertInbox(events: ReadonlyArray<{ event: InboundEvent; now: number }>): Promise<string[]>;
  /** Events received and not yet processed, oldest first; with `owner`, none of a key another owner holds. */
  listPendingInbox(limit: number, owner?: string): Promise<InboxRecord[]>;
  /** With a fence, marked only while the customer's claim still carries it. */
  markInboxProcessed(eventId: string, now: number, fence?: ClaimFence): Promise<void>;
  /** Deletes processed events received before `before`; returns how many. */
  pruneInbox(before: number): Promise<number>;

  /**
   * Appends bodies in order; a body whose key exists is skipped. Resolves with the rows stored, in order. With
   * `identity`, that is saved first, in the same transaction (the render state the bodies offer).
   */
  enqueueOutbox(
    rows: ReadonlyArray<{
      key: string;
      conversationId: string;
      address: CustomerAddress;
      body: Record<string, unknown>;
      now: number;
    }>,
    identity?: ChannelIdentityRecord,
  ): Promise<OutboxRecord[]>;
  /** Pending bodies, oldest first (the head of each conversation is sent); with `owner`, as listPendingInbox. */
  listPendingOutbox(limit: number, owner?: string): Promise<OutboxRecord[]>;
  /** With a fence, marked only while the conversation's claim still carries it. */
  markOutboxSent(id: number, externalId: string | null, now: number, fence?: ClaimFence): Promise<void>;
  /**
   * A failed attempt, to be tried again. Made only while the body is pending and, with a fence, while the
   * conversation's claim still carries it: resolves false when refused (another instance owns the body now).
   */
  markOutboxRetry(id: number, retry: OutboxRetry, fence?: ClaimFence): Promise<boolean>;
  /** The body refused for good; fenced and refused as markOutboxRetry. */
  markOutboxFailed(id: number, error: string, fence?: ClaimFence): Promise<boolean>;
  getOutboxByExternalId(externalId: string): Promise<OutboxRecord | undefined>;

  getChannelIdentity(
    channel: ChannelName,
    appId: string,
    customerKey: string,
  ): Promise<ChannelIdentityRecord | undefined>;
  getChannelIdentityByConversation(conversationId: string): Promise<ChannelIdentityRecord | undefined>;
  saveChannelIdentity(rec: ChannelIdentityRecord): Promise<void>;

  /** Received-but-unprocessed inbox events and pending outbox bodies, for /health. */
  messagingDepths(): Promise<{ inbox: number; outbox: number }>;
}

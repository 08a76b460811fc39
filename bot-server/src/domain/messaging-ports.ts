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

export interface MessagingStore {
  /** Inserts the events not seen before (by eventId) and returns their ids; duplicates are ignored. */
  insertInbox(events: ReadonlyArray<{ event: InboundEvent; now: number }>): Promise<string[]>;
  /** Events received and not yet processed, oldest first. */
  listPendingInbox(limit: number): Promise<InboxRecord[]>;
  markInboxProcessed(eventId: string, now: number): Promise<void>;
  /** Deletes processed events received before `before`; returns how many. */
  pruneInbox(before: number): Promise<number>;

  /** Appends bodies in order; a body whose key exists is skipped. Resolves with the rows stored, in order. */
  enqueueOutbox(
    rows: ReadonlyArray<{
      key: string;
      conversationId: string;
      address: CustomerAddress;
      body: Record<string, unknown>;
      now: number;
    }>,
  ): Promise<OutboxRecord[]>;
  /** Pending bodies, oldest first (the worker sends the head of each conversation). */
  listPendingOutbox(limit: number): Promise<OutboxRecord[]>;
  markOutboxSent(id: number, externalId: string | null, now: number): Promise<void>;
  markOutboxRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void>;
  markOutboxFailed(id: number, error: string): Promise<void>;
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

/**
 * Row types of every table, as Kysely sees them. Timestamps are epoch milliseconds (INTEGER on
 * SQLite, BIGINT on PostgreSQL; the PostgreSQL pool parses int8 to number). JSON columns are TEXT on
 * SQLite and JSONB on PostgreSQL: written as JSON text on both, read back as a string (SQLite) or an
 * already-parsed value (PostgreSQL); see `readJson` in rows.ts.
 */
import type { Generated } from 'kysely';

/** A JSON column: written as JSON text, read back as text (SQLite) or parsed (PostgreSQL). */
export type JsonColumn = string | Record<string, unknown>;

export interface VisitorsTable {
  id: string;
  token_hash: string;
  locale: string | null;
  created_at: number;
}

export interface ConversationsTable {
  id: string;
  visitor_id: string;
  channel: string;
  state: string;
  data: JsonColumn;
  version: number;
  last_seq: number;
  /** Changes when the conversation's seqs are rewritten (reset, restore); see migration 0005. */
  epoch: string;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  client_msg_id: string | null;
  author_role: string;
  author_id: string | null;
  author_name: string | null;
  content: JsonColumn;
  content_type: string;
  channel: string | null;
  created_at: number;
}

export interface CustomerDetailsTable {
  visitor_id: string;
  field: string;
  value: string;
  updated_at: number;
}

export interface ParticipantsTable {
  id: Generated<number>;
  conversation_id: string;
  role: string;
  external_id: string | null;
  name: string | null;
  joined_at: number;
  left_at: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  conversation_id: string;
  type: string;
  data: JsonColumn;
  created_at: number;
}

export interface ContactCenterSessionsTable {
  conversation_id: string;
  provider: string;
  external_id: string;
  secret: string;
  data: JsonColumn;
  updated_at: number;
}

export interface CallsTable {
  id: string;
  conversation_id: string;
  provider: string;
  idempotency_key: string;
  external_id: string | null;
  phone: string;
  status: string;
  scheduled_for: number | null;
  client_address: string | null;
  data: JsonColumn;
  created_at: number;
  updated_at: number;
}

/** Links a visitor to a user on a social channel (WhatsApp, Messenger...). */
export interface ChannelIdentitiesTable {
  visitor_id: string;
  channel: string;
  external_user_id: string;
  created_at: number;
}

/** Webhook events, stored before the 2xx and processed after it (0002). */
export interface MessagingInboxTable {
  seq: Generated<number>;
  event_id: string;
  customer_key: string;
  event: JsonColumn;
  state: string;
  received_at: number;
  processed_at: number | null;
}

/** Rendered bodies waiting for (or done with) the aggregator, in order per conversation (0002). */
export interface MessagingOutboxTable {
  id: Generated<number>;
  key: string;
  conversation_id: string;
  address: JsonColumn;
  body: JsonColumn;
  state: string;
  attempts: number;
  next_attempt_at: number;
  external_id: string | null;
  last_error: string | null;
  created_at: number;
  /** 1: an attempt may have reached the aggregator unanswered (0010). */
  unconfirmed: Generated<number>;
}

/** A customer on a channel and app -> visitor, conversation, reply address, profile, window and render state (0002). */
export interface MessagingIdentitiesTable {
  channel: string;
  app_id: string;
  customer_key: string;
  visitor_id: string;
  conversation_id: string;
  address: JsonColumn;
  profile: JsonColumn;
  last_customer_at: number | null;
  render_state: JsonColumn;
  updated_at: number;
}

export interface Database {
  visitors: VisitorsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  customer_details: CustomerDetailsTable;
  participants: ParticipantsTable;
  events: EventsTable;
  contact_center_sessions: ContactCenterSessionsTable;
  calls: CallsTable;
  channel_identities: ChannelIdentitiesTable;
  messaging_inbox: MessagingInboxTable;
  messaging_outbox: MessagingOutboxTable;
  messaging_identities: MessagingIdentitiesTable;
}

export type Dialect = 'sqlite' | 'postgres';

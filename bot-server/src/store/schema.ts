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
}

export type Dialect = 'sqlite' | 'postgres';

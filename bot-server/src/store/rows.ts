/**
 * Row <-> record mapping. Rows are written only by this store from validated values, so reads
 * trust them (no schema re-validation on the hot replay path).
 */
import type { Author, CallStatus, Channel, Content, Message } from '@parley/protocol';
import type { Selectable } from 'kysely';
import type { CallRecord, ContactCenterSessionRecord, ConversationRecord, VisitorRecord } from '../domain/ports.js';
import type {
  CallsTable,
  ContactCenterSessionsTable,
  ConversationsTable,
  JsonColumn,
  MessagesTable,
  VisitorsTable,
} from './schema.js';

/** JSON columns come back as text from SQLite and already parsed from PostgreSQL (JSONB). */
export function readJson<T>(value: JsonColumn): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function writeJson(value: unknown): string {
  return JSON.stringify(value);
}

export function toVisitor(row: Selectable<VisitorsTable>): VisitorRecord {
  return { id: row.id, createdAt: row.created_at, locale: row.locale };
}

export function toConversation(row: Selectable<ConversationsTable>): ConversationRecord {
  return {
    id: row.id,
    visitorId: row.visitor_id,
    channel: row.channel as Channel,
    state: row.state,
    data: readJson(row.data),
    version: row.version,
    lastSeq: row.last_seq,
    epoch: row.epoch,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
  };
}

export function toMessage(row: Selectable<MessagesTable>): Message {
  const author: Author = { role: row.author_role as Author['role'] };
  if (row.author_id !== null) author.id = row.author_id;
  if (row.author_name !== null) author.name = row.author_name;
  const message: Message = {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    author,
    content: readJson<Content>(row.content),
    createdAt: row.created_at,
  };
  if (row.client_msg_id !== null) message.clientMsgId = row.client_msg_id;
  if (row.channel !== null) message.channel = row.channel as Channel;
  return message;
}

export function toContactCenterSession(row: Selectable<ContactCenterSessionsTable>): ContactCenterSessionRecord {
  return {
    conversationId: row.conversation_id,
    provider: row.provider,
    externalId: row.external_id,
    secret: row.secret,
    data: readJson(row.data),
    updatedAt: row.updated_at,
  };
}

export function toCall(row: Selectable<CallsTable>): CallRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    provider: row.provider,
    idempotencyKey: row.idempotency_key,
    externalId: row.external_id,
    phone: row.phone,
    status: row.status as CallStatus,
    scheduledFor: row.scheduled_for,
    clientAddress: row.client_address,
    data: readJson(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function fromCall(rec: CallRecord): CallsTable {
  return {
    id: rec.id,
    conversation_id: rec.conversationId,
    provider: rec.provider,
    idempotency_key: rec.idempotencyKey,
    external_id: rec.externalId,
    phone: rec.phone,
    status: rec.status,
    scheduled_for: rec.scheduledFor,
    client_address: rec.clientAddress ?? null,
    data: writeJson(rec.data),
    created_at: rec.createdAt,
    updated_at: rec.updatedAt,
  };
}

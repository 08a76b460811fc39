/**
 * 0001: the whole first schema. Designed for the roadmap: rich message content (JSON + type),
 * social channels (channel columns, channel_identities), voice (calls) and HA (versioned
 * conversations, per-conversation seq counter, contact-center sessions that survive a restart).
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function init(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'bigint' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('visitors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('locale', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addColumn('ended_at', ts)
        .execute();
      await db.schema
        .createIndex('conversations_visitor_idx')
        .on('conversations')
        .columns(['visitor_id', 'created_at', 'id'])
        .execute();
      await db.schema.createIndex('conversations_state_idx').on('conversations').column('state').execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('client_msg_id', 'text')
        .addColumn('author_role', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text')
        .addColumn('author_name', 'text')
        .addColumn('content', json, (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('channel', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addUniqueConstraint('messages_conversation_seq_key', ['conversation_id', 'seq'])
        .addUniqueConstraint('messages_conversation_client_msg_key', ['conversation_id', 'client_msg_id'])
        .execute();

      await db.schema
        .createTable('customer_details')
        .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('customer_details_pkey', ['visitor_id', 'field'])
        .execute();

      await db.schema
        .createTable('participants')
        .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
          pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('name', 'text')
        .addColumn('joined_at', ts, (c) => c.notNull())
        .addColumn('left_at', ts)
        .execute();
      await db.schema
        .createIndex('participants_conversation_idx')
        .on('participants')
        .column('conversation_id')
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
          pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_conversation_idx').on('events').columns(['conversation_id', 'id']).execute();

      await db.schema
        .createTable('contact_center_sessions')
        .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('contact_center_sessions_provider_idx')
        .on('contact_center_sessions')
        .column('provider')
        .execute();

      await db.schema
        .createTable('calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('external_id', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('scheduled_for', ts)
        .addColumn('client_address', 'text')
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calls_external_idx').on('calls').columns(['provider', 'external_id']).execute();
      await db.schema
        .createIndex('calls_conversation_idx')
        .on('calls')
        .columns(['conversation_id', 'created_at'])
        .execute();
      await db.schema.createIndex('calls_phone_idx').on('calls').columns(['phone', 'created_at']).execute();
      await db.schema
        .createIndex('calls_client_address_idx')
        .on('calls')
        .columns(['client_address', 'created_at'])
        .execute();

      await db.schema
        .createTable('channel_identities')
        .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('external_user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_identities_pkey', ['channel', 'external_user_id'])
        .execute();
      await db.schema
        .createIndex('channel_identities_visitor_idx')
        .on('channel_identities')
        .column('visitor_id')
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'channel_identities',
        'calls',
        'contact_center_sessions',
        'events',
        'participants',
        'customer_details',
        'messages',
        'conversations',
        'visitors',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

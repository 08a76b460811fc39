/**
 * 0002: the messaging channels' durable records: the webhook inbox (unique event id, so a redelivery is known
 * across restarts and instances), the outbox of rendered bodies, and the customer identities per channel and app.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function messaging(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'bigint' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  const serial = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('messaging_inbox')
        .addColumn('seq', serial, (c) =>
          pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('event_id', 'text', (c) => c.notNull().unique())
        .addColumn('customer_key', 'text', (c) => c.notNull())
        .addColumn('event', json, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('received_at', ts, (c) => c.notNull())
        .addColumn('processed_at', ts)
        .execute();
      await db.schema
        .createIndex('messaging_inbox_state_idx')
        .on('messaging_inbox')
        .columns(['state', 'seq'])
        .execute();

      await db.schema
        .createTable('messaging_outbox')
        .addColumn('id', serial, (c) =>
          pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('address', json, (c) => c.notNull())
        .addColumn('body', json, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', ts, (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('messaging_outbox_state_idx')
        .on('messaging_outbox')
        .columns(['state', 'id'])
        .execute();
      await db.schema
        .createIndex('messaging_outbox_external_idx')
        .on('messaging_outbox')
        .column('external_id')
        .execute();

      await db.schema
        .createTable('messaging_identities')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('customer_key', 'text', (c) => c.notNull())
        .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('address', json, (c) => c.notNull())
        .addColumn('profile', json, (c) => c.notNull())
        .addColumn('last_customer_at', ts)
        .addColumn('render_state', json, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('messaging_identities_pkey', ['channel', 'app_id', 'customer_key'])
        .execute();
      await db.schema
        .createIndex('messaging_identities_conversation_idx')
        .on('messaging_identities')
        .column('conversation_id')
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['messaging_identities', 'messaging_outbox', 'messaging_inbox'])
        await db.schema.dropTable(table).execute();
    },
  };
}

/**
 * 0003: files customers sent that passed the attachment pipeline (sniffed, scanned clean). Refused files are never
 * written. `data` holds the bytes when ATTACHMENT_STORE=database; with a directory store it stays null.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function attachments(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('size', ts, (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('scan', 'text', (c) => c.notNull())
        .addColumn('data', pg ? 'bytea' : 'blob')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_conversation_idx').on('attachments').column('conversation_id').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('attachments').execute();
    },
  };
}

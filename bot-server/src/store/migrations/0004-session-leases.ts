/**
 * 0004: several instances. `session_leases` says which instance owns each escalated chat's contact-center session
 * and until when (database clock, epoch ms); `token` grows on every change of owner, and every write on behalf of
 * the session names the token it holds (fencing). `session_forwards` holds what an instance that does not own a
 * session asks its owner to do (a customer message, the end of the chat) until the owner has done it.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function sessionLeases(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('session_leases')
        .addColumn('conversation_id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('token', ts, (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('session_leases_expiry_idx').on('session_leases').column('expires_at').execute();
      await db.schema.createIndex('session_leases_owner_idx').on('session_leases').column('owner').execute();
      await db.schema
        .createTable('session_forwards')
        .addColumn('id', ts, (c) =>
          pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('client_msg_id', 'text')
        .addColumn('text', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('session_forwards_message_idx')
        .on('session_forwards')
        .columns(['conversation_id', 'client_msg_id'])
        .unique()
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('session_forwards').execute();
      await db.schema.dropTable('session_leases').execute();
    },
  };
}

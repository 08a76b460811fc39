/**
 * 0008: `messaging_claims`, which instance works on a messaging key (a customer's inbox events, a conversation's
 * outbox bodies) until when (database clock, epoch ms), under which fencing token (raised on every grant). See
 * areas/messaging-claims.ts and channels/messaging/claimed-keys.ts.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function messagingClaims(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('messaging_claims')
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('token', ts, (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('messaging_claims_pkey', ['queue', 'key'])
        .execute();
      await db.schema.createIndex('messaging_claims_owner_idx').on('messaging_claims').columns(['owner']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('messaging_claims').execute();
    },
  };
}

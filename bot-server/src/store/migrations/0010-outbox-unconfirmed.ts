/**
 * 0010: `messaging_outbox.unconfirmed`, set (1) once an attempt to post the body failed without an answer after the
 * request went out: the aggregator may have stored it, so the next attempt first looks for it by Parley's id in the
 * conversation's messages instead of posting it blind (outbox-worker.ts). It stays set until the body is sent.
 */
import type { Kysely, Migration } from 'kysely';

export function outboxUnconfirmed(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('messaging_outbox')
        .addColumn('unconfirmed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('messaging_outbox').dropColumn('unconfirmed').execute();
    },
  };
}

/**
 * 0005: a conversation's epoch, sent in every welcome and given back in the hello with the resume point. It
 * changes whenever the conversation's seqs stop meaning what a client saw (a reset, a restore from a backup), so a
 * client resuming from a seq of the old history gets `replay: "reset"` instead of a silent mix. Conversations
 * that existed before this migration share the empty epoch until they are reset.
 */
import type { Kysely, Migration } from 'kysely';

export function conversationEpoch(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('conversations')
        .addColumn('epoch', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('conversations').dropColumn('epoch').execute();
    },
  };
}

/**
 * 0006: post-chat surveys (CSAT), one per conversation, with the agent and skillset they rate kept beside the
 * rating so the supervisors' summary is one grouped query.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function surveys(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('surveys')
        .addColumn('conversation_id', 'text', (c) => c.primaryKey())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text')
        .addColumn('agent_name', 'text')
        .addColumn('skillset', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('surveys_created_idx').on('surveys').column('created_at').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('surveys').execute();
    },
  };
}

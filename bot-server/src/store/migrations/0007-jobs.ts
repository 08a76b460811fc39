/**
 * 0007: `jobs`, durable work due at a time and claimed by one instance at a time (scheduled Twilio calls, EWC
 * farewells): see domain/job-ports.ts. `claimed_until` 0 = unclaimed.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function jobs(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due_at', ts, (c) => c.notNull())
        .addColumn('payload', pg ? 'jsonb' : 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('claimed_until', ts, (c) => c.notNull().defaultTo(0))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['kind', 'due_at']).execute();
      await db.schema.createIndex('jobs_owner_idx').on('jobs').column('owner').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('jobs').execute();
    },
  };
}

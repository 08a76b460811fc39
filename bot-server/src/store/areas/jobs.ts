/**
 * Jobs (migration 0007): durable work due at a time, claimed by one instance at a time (domain/job-ports.ts).
 *
 * The claim is one conditional UPDATE per job (`... WHERE id = ? AND claimed_until <= now RETURNING`): on PostgreSQL
 * a racing instance's UPDATE waits for the row lock, then re-checks the condition against the committed row and
 * matches nothing; SQLite runs one writer at a time. These writes go straight to the database, not through group
 * commit: each answer decides whether this instance dials, so it must be its own statement's.
 */
import type { Kysely, Selectable } from 'kysely';
import type { JobRecord, JobStore } from '../../domain/job-ports.js';
import { readJson, writeJson } from '../rows.js';
import type { Database, JsonColumn } from '../schema.js';

interface JobsTable {
  id: string;
  kind: string;
  due_at: number;
  payload: JsonColumn;
  owner: string | null;
  claimed_until: number;
  attempts: number;
}

type JobTables = { jobs: JobsTable };

function toJob(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    dueAt: Number(row.due_at),
    payload: readJson(row.payload),
    owner: row.owner,
    claimedUntil: Number(row.claimed_until),
    attempts: Number(row.attempts),
  };
}

export function jobQueries(base: Kysely<Database>): JobStore {
  const db = base.withTables<JobTables>();
  return {
    async addJob(job) {
      const inserted = await db
        .insertInto('jobs')
        .values({
          id: job.id,
          kind: job.kind,
          due_at: job.dueAt,
          payload: writeJson(job.payload),
          owner: job.claim?.owner ?? null,
          claimed_until: job.claim?.until ?? 0,
          attempts: job.claim ? 1 : 0,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async claimDueJobs(kind, owner, now, ttlMs, limit) {
      const candidates = await db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', kind)
        .where('due_at', '<=', now)
        .where('claimed_until', '<=', now)
        .orderBy('due_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      const claimed: JobRecord[] = [];
      for (const { id } of candidates) {
        const row = await db
          .updateTable('jobs')
          .set((eb) => ({ owner, claimed_until: now + ttlMs, attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id)
          .where('claimed_until', '<=', now)
          .returningAll()
          .executeTakeFirst();
        if (row) claimed.push(toJob(row));
      }
      return claimed;
    },

    async renewJob(id, owner, until) {
      const row = await db
        .updateTable('jobs')
        .set({ claimed_until: until })
        .where('id', '=', id)
        .where('owner', '=', owner)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async completeJob(id, owner) {
      const row = await db
        .deleteFrom('jobs')
        .where('id', '=', id)
        .where('owner', '=', owner)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async cancelJob(id, now) {
      const row = await db
        .deleteFrom('jobs')
        .where('id', '=', id)
        .where('claimed_until', '<=', now)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async releaseJobs(owner) {
      await db.updateTable('jobs').set({ claimed_until: 0 }).where('owner', '=', owner).execute();
    },
  };
}

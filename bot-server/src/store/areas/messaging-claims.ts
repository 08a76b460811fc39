/**
 * Messaging claims (migration 0008): which instance works on a customer's inbox events or a conversation's outbox
 * bodies, until when (the database's clock) and under which fencing token. A grant is one conditional upsert for a
 * whole listing's keys (`ON CONFLICT DO UPDATE ... WHERE expired OR owner = me`): on PostgreSQL a racing upsert waits
 * for the row lock and re-checks the condition against the committed row, so only one instance gets a key. Keys are
 * sorted so that two instances' batches lock rows in the same order (no deadlock). Claims bypass group commit: the
 * answer decides whether this instance works on the key, so it must be its own statement's, and nothing else waits.
 *
 * `notClaimedByOthers` and `fenceHolds` are what the inbox and outbox queries add to their listing and their marks.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { ClaimFence, ClaimGrant, MessagingClaims, MessagingQueue } from '../../domain/messaging-ports.js';
import { dbNow } from '../db-clock.js';
import type { Database, Dialect } from '../schema.js';

interface MessagingClaimsTable {
  queue: string;
  key: string;
  owner: string;
  token: number;
  expires_at: number;
}

type ClaimTables = { messaging_claims: MessagingClaimsTable };

/** Keys per statement (far below the bind-parameter limits). */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const grants = (rows: ReadonlyArray<{ key: string; token: number | string }>): ClaimGrant[] =>
  rows.map((r) => ({ key: r.key, token: Number(r.token) }));

export function claimQueries(base: Kysely<Database>, dialect: Dialect): MessagingClaims {
  const db = base.withTables<ClaimTables>();
  const now = dbNow(dialect);
  const until = (ttlMs: number) => sql<number>`${now} + ${ttlMs}`;
  return {
    async claimMessagingKeys(queue, keys, owner, ttlMs) {
      const out: ClaimGrant[] = [];
      for (const part of chunks([...new Set(keys)].sort())) {
        // Read first: the upsert's RETURNING gives the new row only. A released claim has no owner left (see below).
        const lapsed = await db
          .selectFrom('messaging_claims')
          .select('key')
          .where('queue', '=', queue)
          .where('key', 'in', part)
          .where('owner', '<>', owner)
          .where('owner', '<>', '')
          .where('expires_at', '<', now)
          .execute();
        const rows = await db
          .insertInto('messaging_claims')
          .values(part.map((key) => ({ queue, key, owner, token: 1, expires_at: until(ttlMs) })))
          .onConflict((oc) =>
            oc
              .columns(['queue', 'key'])
              .doUpdateSet({ owner, token: sql<number>`messaging_claims.token + 1`, expires_at: until(ttlMs) })
              .where((eb) =>
                eb.or([eb('messaging_claims.expires_at', '<', now), eb('messaging_claims.owner', '=', owner)]),
              ),
          )
          .returning(['key', 'token'])
          .execute();
        const takenOver = new Set(lapsed.map((r) => r.key));
        out.push(...grants(rows).map((g) => (takenOver.has(g.key) ? { ...g, takenOver: true as const } : g)));
      }
      return out;
    },

    async renewMessagingClaims(queue, keys, owner, ttlMs) {
      const out: ClaimGrant[] = [];
      for (const part of chunks([...new Set(keys)].sort())) {
        const rows = await db
          .updateTable('messaging_claims')
          .set({ expires_at: until(ttlMs) })
          .where('queue', '=', queue)
          .where('owner', '=', owner)
          .where('key', 'in', part)
          .returning(['key', 'token'])
          .execute();
        out.push(...grants(rows));
      }
      return out;
    },

    // Expired rather than deleted: the next grant raises the token, so a mark from before the release stays refused.
    // The owner goes too, which tells the next grant that nothing was left half-done (unlike a lapsed claim).
    async releaseMessagingClaims(queue, keys, owner) {
      for (const part of chunks([...new Set(keys)].sort()))
        await db
          .updateTable('messaging_claims')
          .set({ expires_at: sql<number>`${now} - 1`, owner: '' })
          .where('queue', '=', queue)
          .where('owner', '=', owner)
          .where('key', 'in', part)
          .execute();
    },

    async pruneMessagingClaims(idleMs) {
      const result = await db
        .deleteFrom('messaging_claims')
        .where('expires_at', '<', sql<number>`${now} - ${idleMs}`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** A listing's condition: the row's key is not held by another owner's unexpired claim (none without an owner). */
export function notClaimedByOthers(
  dialect: Dialect,
  queue: MessagingQueue,
  keyColumn: string,
  owner: string | undefined,
): Expression<SqlBool> {
  if (owner === undefined) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`not exists (select 1 from messaging_claims c where c.queue = ${queue} and c.key = ${sql.ref(
    keyColumn,
  )} and c.owner <> ${owner} and c.expires_at >= ${dbNow(dialect)})`;
}

/** A mark's condition: the row's key is still claimed by the mark's owner under the mark's token (per row id). */
export function fenceHolds(
  queue: MessagingQueue,
  keyColumn: string,
  idColumn: string,
  marks: ReadonlyArray<{ id: string | number; fence: ClaimFence }>,
): Expression<SqlBool> {
  const id = sql.ref(idColumn);
  const owners = sql.join(
    marks.map((m) => sql`when ${m.id} then ${m.fence.owner}`),
    sql` `,
  );
  const tokens = sql.join(
    marks.map((m) => sql`when ${m.id} then cast(${m.fence.token} as bigint)`),
    sql` `,
  );
  return sql<SqlBool>`exists (select 1 from messaging_claims c where c.queue = ${queue} and c.key = ${sql.ref(
    keyColumn,
  )} and c.owner = case ${id} ${owners} end and c.token = case ${id} ${tokens} end)`;
}

/** A gathered turn of marks: those without a fence in one statement, the fenced ones (with `fenceHolds`) in another. */
export async function byFence<M extends { fence: ClaimFence | undefined }>(
  marks: readonly M[],
  run: (marks: readonly M[], fenced: boolean) => Promise<unknown>,
): Promise<void> {
  const fenced = marks.filter((m) => m.fence !== undefined);
  if (fenced.length < marks.length)
    await run(
      marks.filter((m) => m.fence === undefined),
      false,
    );
  if (fenced.length > 0) await run(fenced, true);
}

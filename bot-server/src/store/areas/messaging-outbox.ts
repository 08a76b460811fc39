/** The outbox: rendered bodies sent in order per conversation, with attempts and the aggregator's message id. */
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { CustomerAddress } from '../../channels/channel.js';
import type { ChannelIdentityRecord, ClaimFence, MessagingStore, OutboxRecord } from '../../domain/messaging-ports.js';
import { gathered, gatheredEach, writesOf } from '../group-commit.js';
import { readJson, writeJson } from '../rows.js';
import type { Database, Dialect, MessagingOutboxTable } from '../schema.js';
import { byFence, fenceHolds, notClaimedByOthers } from './messaging-claims.js';
import { identityUpsert } from './messaging-identities.js';

export type OutboxQueries = Pick<
  MessagingStore,
  | 'enqueueOutbox'
  | 'listPendingOutbox'
  | 'markOutboxSent'
  | 'markOutboxRetry'
  | 'markOutboxFailed'
  | 'getOutboxByExternalId'
  | 'messagingDepths'
>;

function toOutbox(r: Selectable<MessagingOutboxTable>): OutboxRecord {
  return {
    id: Number(r.id),
    key: r.key,
    conversationId: r.conversation_id,
    address: readJson<CustomerAddress>(r.address),
    body: readJson<Record<string, unknown>>(r.body),
    state: r.state as OutboxRecord['state'],
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    externalId: r.external_id,
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    unconfirmed: Number(r.unconfirmed) === 1,
  };
}

type Enqueue = { rows: Parameters<MessagingStore['enqueueOutbox']>[0]; identity: ChannelIdentityRecord | undefined };
type Enqueued = Enqueue['rows'][number];

/** Rows per INSERT: far below the bind-parameter limits (10 per row). */
const INSERT_CHUNK = 300;

function toRow(r: Enqueued) {
  return {
    key: r.key,
    conversation_id: r.conversationId,
    address: writeJson(r.address),
    body: writeJson(r.body),
    state: 'pending',
    attempts: 0,
    next_attempt_at: r.now,
    external_id: null,
    last_error: null,
    created_at: r.now,
  };
}

function toRecord(id: number, r: Enqueued): OutboxRecord {
  return {
    id,
    key: r.key,
    conversationId: r.conversationId,
    address: r.address,
    body: r.body,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: r.now,
    externalId: null,
    lastError: null,
    createdAt: r.now,
    unconfirmed: false,
  };
}

/** Writes are group-committed with the inbox's and the identities' (group-commit.ts `writesOf`). */
export function outboxQueries(db: Kysely<Database>, dialect: Dialect): OutboxQueries {
  const writes = writesOf(db);
  const upsertIdentity = identityUpsert(db);
  // A pending body only, and under a fence only while the claim still carries it: a worker that lost the claim (paused
  // past its lease) must not overwrite what the new owner has since written or sent.
  const update = async (id: number, set: Updateable<MessagingOutboxTable>, fence: ClaimFence | undefined) => {
    const result = await writes((w) => {
      const q = w.updateTable('messaging_outbox').set(set).where('id', '=', id).where('state', '=', 'pending');
      const fenced = fence
        ? q.where(fenceHolds('outbox', 'messaging_outbox.conversation_id', 'id', [{ id, fence }]))
        : q;
      return fenced.executeTakeFirst();
    });
    return Number(result.numUpdatedRows) > 0;
  };
  type Mark = { id: number; externalId: string | null; now: number; fence: ClaimFence | undefined };
  const mark = (w: Kysely<Database>, marks: readonly Mark[], fenced: boolean) => {
    const q = w
      .updateTable('messaging_outbox')
      .set({
        state: 'sent',
        external_id: sql<string | null>`case id ${sql.join(
          marks.map((m) => sql`when ${m.id} then ${m.externalId}`),
          sql` `,
        )} end`,
        next_attempt_at: Math.max(...marks.map((m) => m.now)),
      })
      .where(
        'id',
        'in',
        marks.map((m) => m.id),
      );
    const fences = marks.map((m) => ({ id: m.id, fence: m.fence! }));
    return (fenced ? q.where(fenceHolds('outbox', 'messaging_outbox.conversation_id', 'id', fences)) : q).execute();
  };
  const markSent = gathered<Mark>(writes, (marks, w) => byFence(marks, (some, fenced) => mark(w, some, fenced)));
  // The bodies of every enqueue of one event-loop turn in one statement, after the identities saved with them (each
  // call's state is stored before its bodies, in the same transaction).
  const enqueueGathered = gatheredEach<Enqueue, OutboxRecord[]>(
    writes,
    async (calls, w) => {
      for (const { identity } of calls) if (identity) await upsertIdentity(w, identity);
      const rows = calls.flatMap((c) => c.rows);
      const ids = new Map<string, number>();
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const stored = await w
          .insertInto('messaging_outbox')
          .values(rows.slice(i, i + INSERT_CHUNK).map(toRow))
          .onConflict((oc) => oc.column('key').doNothing())
          .returning(['id', 'key'])
          .execute();
        for (const { id, key } of stored) ids.set(key, Number(id));
      }
      // The records as given (no JSON read back), for the worker to send without listing them; a key written twice
      // in the statement is the first call's.
      return calls.map(({ rows: mine }) =>
        mine
          .flatMap((r) => {
            const id = ids.get(r.key);
            if (id === undefined) return [];
            ids.delete(r.key);
            return [toRecord(id, r)];
          })
          .sort((a, b) => a.id - b.id),
      );
    },
    { retryAlone: true },
  );
  return {
    enqueueOutbox(rows, identity) {
      return rows.length === 0 && !identity ? Promise.resolve([]) : enqueueGathered({ rows, identity });
    },

    async listPendingOutbox(limit, owner) {
      const rows = await db
        .selectFrom('messaging_outbox')
        .selectAll()
        .where('state', '=', 'pending')
        .where(notClaimedByOthers(dialect, 'outbox', 'messaging_outbox.conversation_id', owner))
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toOutbox);
    },

    markOutboxSent(id, externalId, now, fence) {
      return markSent({ id, externalId, now, fence });
    },

    markOutboxRetry(id, retry, fence) {
      const { attempts, nextAttemptAt, error, unconfirmed } = retry;
      const set = { attempts, next_attempt_at: nextAttemptAt, last_error: error, unconfirmed: unconfirmed ? 1 : 0 };
      return update(id, set, fence);
    },

    markOutboxFailed(id, error, fence) {
      return update(id, { state: 'failed', last_error: error }, fence);
    },

    async getOutboxByExternalId(externalId) {
      const row = await db
        .selectFrom('messaging_outbox')
        .selectAll()
        .where('external_id', '=', externalId)
        .executeTakeFirst();
      return row && toOutbox(row);
    },

    async messagingDepths() {
      const count = async (table: 'messaging_inbox' | 'messaging_outbox', state: string) => {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('state', '=', state)
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      return { inbox: await count('messaging_inbox', 'received'), outbox: await count('messaging_outbox', 'pending') };
    },
  };
}

/** The webhook inbox: events stored before the aggregator gets its 2xx, deduplicated by event id, processed later. */
import type { Kysely } from 'kysely';
import type { InboundEvent } from '../../channels/channel.js';
import type { ClaimFence, InboxRecord, MessagingStore } from '../../domain/messaging-ports.js';
import { gathered, gatheredEach, writesOf } from '../group-commit.js';
import { readJson, writeJson } from '../rows.js';
import type { Database, Dialect } from '../schema.js';
import { byFence, fenceHolds, notClaimedByOthers } from './messaging-claims.js';

export type InboxQueries = Pick<
  MessagingStore,
  'insertInbox' | 'listPendingInbox' | 'markInboxProcessed' | 'pruneInbox'
>;

type Events = Parameters<MessagingStore['insertInbox']>[0];

/** Rows per INSERT: far below the bind-parameter limits (6 per row). */
const INSERT_CHUNK = 500;

/** Inserts and marks are group-committed: a burst of webhooks costs one transaction per event-loop turn, not one each. */
export function inboxQueries(db: Kysely<Database>, dialect: Dialect): InboxQueries {
  const acknowledged = writesOf(db, 'ack');
  type Mark = { eventId: string; now: number; fence: ClaimFence | undefined };
  const mark = (w: Kysely<Database>, marks: readonly Mark[], fenced: boolean) => {
    const q = w
      .updateTable('messaging_inbox')
      .set({ state: 'processed', processed_at: Math.max(...marks.map((m) => m.now)) })
      .where(
        'event_id',
        'in',
        marks.map((m) => m.eventId),
      );
    const fences = marks.map((m) => ({ id: m.eventId, fence: m.fence! }));
    return (fenced ? q.where(fenceHolds('inbox', 'messaging_inbox.customer_key', 'event_id', fences)) : q).execute();
  };
  const markProcessed = gathered<Mark>(writesOf(db), (marks, w) =>
    byFence(marks, (some, fenced) => mark(w, some, fenced)),
  );
  // The webhooks of one event-loop turn in one statement (one each cost a statement's CPU per webhook under load).
  const insertGathered = gatheredEach<Events, string[]>(
    acknowledged,
    async (calls, w) => {
      const rows = calls.flat().map(({ event, now }) => ({
        event_id: event.eventId,
        customer_key: event.customerKey,
        event: writeJson(event),
        state: 'received',
        received_at: now,
        processed_at: null,
      }));
      const inserted = new Set<string>();
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const stored = await w
          .insertInto('messaging_inbox')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .onConflict((oc) => oc.column('event_id').doNothing())
          .returning('event_id')
          .execute();
        for (const r of stored) inserted.add(r.event_id);
      }
      // A redelivery posted concurrently with its original may share the statement: the first call has the row.
      return calls.map((events) =>
        events.flatMap(({ event }) => (inserted.delete(event.eventId) ? [event.eventId] : [])),
      );
    },
    { retryAlone: true },
  );
  return {
    insertInbox(events) {
      return events.length === 0 ? Promise.resolve([]) : insertGathered(events);
    },

    async listPendingInbox(limit, owner) {
      const rows = await db
        .selectFrom('messaging_inbox')
        .selectAll()
        .where('state', '=', 'received')
        .where(notClaimedByOthers(dialect, 'inbox', 'messaging_inbox.customer_key', owner))
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r): InboxRecord => ({
        eventId: r.event_id,
        customerKey: r.customer_key,
        event: readJson<InboundEvent>(r.event),
        state: 'received',
        receivedAt: r.received_at,
      }));
    },

    markInboxProcessed(eventId, now, fence) {
      return markProcessed({ eventId, now, fence });
    },

    async pruneInbox(before) {
      const result = await db
        .deleteFrom('messaging_inbox')
        .where('state', '=', 'processed')
        .where('received_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

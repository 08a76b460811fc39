/** The webhook inbox: events stored before the aggregator gets its 2xx, deduplicated by event id, processed later. */
import type { Kysely } from 'kysely';
import type { InboundEvent } from '../../channels/channel.js';
import type { InboxRecord, MessagingStore } from '../../domain/messaging-ports.js';
import { gathered, writesOf } from '../group-commit.js';
import { readJson, writeJson } from '../rows.js';
import type { Database } from '../schema.js';

export type InboxQueries = Pick<
  MessagingStore,
  'insertInbox' | 'listPendingInbox' | 'markInboxProcessed' | 'pruneInbox'
>;

/** Inserts and marks are group-committed: a burst of webhooks costs one transaction per event-loop turn, not one each. */
export function inboxQueries(db: Kysely<Database>): InboxQueries {
  const acknowledged = writesOf(db, 'ack');
  const markProcessed = gathered<{ eventId: string; now: number }>(writesOf(db), (marks, w) =>
    w
      .updateTable('messaging_inbox')
      .set({ state: 'processed', processed_at: Math.max(...marks.map((m) => m.now)) })
      .where(
        'event_id',
        'in',
        marks.map((m) => m.eventId),
      )
      .execute(),
  );
  return {
    async insertInbox(events) {
      if (events.length === 0) return [];
      const rows = events.map(({ event, now }) => ({
        event_id: event.eventId,
        customer_key: event.customerKey,
        event: writeJson(event),
        state: 'received',
        received_at: now,
        processed_at: null,
      }));
      const inserted = await acknowledged((w) =>
        w
          .insertInto('messaging_inbox')
          .values(rows)
          .onConflict((oc) => oc.column('event_id').doNothing())
          .returning('event_id')
          .execute(),
      );
      return inserted.map((r) => r.event_id);
    },

    async listPendingInbox(limit) {
      const rows = await db
        .selectFrom('messaging_inbox')
        .selectAll()
        .where('state', '=', 'received')
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

    markInboxProcessed(eventId, now) {
      return markProcessed({ eventId, now });
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

/**
 * Message reads: replay after a seq, a whole transcript, and the visitor's history paged newest-first.
 * Appends are written by the AppendBatcher (group commit); the store gates them on close.
 */
import type { Kysely } from 'kysely';
import type { HistoryPage, Store } from '../../domain/ports.js';
import { decodeHistoryCursor, encodeHistoryCursor } from '../history-cursor.js';
import { toMessage } from '../rows.js';
import type { Database } from '../schema.js';

/** Largest page any list method returns, whatever the caller asks for. */
export const MAX_PAGE = 1000;

export type MessageQueries = Pick<Store, 'listMessagesAfter' | 'listMessages' | 'listVisitorHistory'>;

export function messageQueries(db: Kysely<Database>): MessageQueries {
  return {
    async listMessagesAfter(conversationId, afterSeq, limit) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(clampLimit(limit))
        .execute();
      return rows.map(toMessage);
    },

    async listMessages(conversationId) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('seq')
        .execute();
      return rows.map(toMessage);
    },

    async listVisitorHistory(visitorId, before, limit) {
      const take = clampLimit(limit);
      const from = before === undefined ? undefined : decodeHistoryCursor(before);
      let query = db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .selectAll('m')
        .select('c.created_at as conversation_created_at')
        .where('c.visitor_id', '=', visitorId);
      if (from) {
        query = query.where((eb) =>
          eb(
            eb.refTuple('c.created_at', 'c.id', 'm.seq'),
            '<',
            eb.tuple(from.conversationCreatedAt, from.conversationId, from.seq),
          ),
        );
      }
      // One row more than the page tells whether anything older exists, without a count query.
      const rows = await query
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .orderBy('m.seq', 'desc')
        .limit(take + 1)
        .execute();
      const page = rows.slice(0, take);
      const oldest = page.at(-1);
      const result: HistoryPage = { messages: page.reverse().map(toMessage) };
      if (rows.length > take && oldest) {
        result.before = encodeHistoryCursor({
          conversationCreatedAt: oldest.conversation_created_at,
          conversationId: oldest.conversation_id,
          seq: oldest.seq,
        });
      }
      return result;
    },
  };
}

function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return MAX_PAGE;
  return Math.min(MAX_PAGE, Math.max(1, Math.floor(limit)));
}

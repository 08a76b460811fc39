/** Conversation rows: creation, lookups, and the compare-and-set update the conversation service relies on. */
import type { Kysely } from 'kysely';
import type { Store } from '../../domain/ports.js';
import { compiledOnce } from '../compiled-once.js';
import { turnWritesOf } from '../group-commit.js';
import { toConversation, writeJson } from '../rows.js';
import { newEpoch } from './delivery.js';
import type { Database } from '../schema.js';

export type ConversationQueries = Pick<
  Store,
  'createConversation' | 'getConversation' | 'getOpenConversation' | 'updateConversation' | 'listQuietConversations'
>;

/** Creations and updates are group-committed with the store's other writes (group-commit.ts). */
export function conversationQueries(db: Kysely<Database>): ConversationQueries {
  const writes = turnWritesOf(db);
  const byId = compiledOnce(db, (q, id: string) => q.selectFrom('conversations').selectAll().where('id', '=', id));
  return {
    async createConversation(input) {
      const row = {
        id: input.id,
        visitor_id: input.visitorId,
        channel: input.channel,
        state: input.state,
        data: writeJson(input.data),
        version: 1,
        last_seq: 0,
        epoch: newEpoch(),
        created_at: input.now,
        updated_at: input.now,
        ended_at: null,
      };
      await writes((w) => w.insertInto('conversations').values(row).execute());
      return toConversation(row);
    },

    async getConversation(id) {
      const [row] = await byId(id);
      return row && toConversation(row);
    },

    async getOpenConversation(visitorId) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .where('ended_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toConversation(row);
    },

    // Appends reserve seqs with their own UPDATE of last_seq and leave `version` alone, so a message
    // arriving between a read and this write never makes the service's update conflict.
    async updateConversation(id, expectedVersion, patch) {
      // A version conflict is an answer (undefined), not an error: it never fails the batch it shares.
      const row = await writes((w) =>
        w
          .updateTable('conversations')
          .set((eb) => ({
            version: eb('version', '+', 1),
            updated_at: patch.now,
            ...(patch.state !== undefined ? { state: patch.state } : {}),
            ...(patch.data !== undefined ? { data: writeJson(patch.data) } : {}),
            ...(patch.endedAt !== undefined ? { ended_at: patch.endedAt } : {}),
          }))
          .where('id', '=', id)
          .where('version', '=', expectedVersion)
          .returningAll()
          .executeTakeFirst(),
      );
      return row && toConversation(row);
    },

    // Id order walks the primary key a page at a time; an order by anything else would sort every match per page.
    async listQuietConversations(states, quietSince, { afterId, limit }) {
      if (states.length === 0) return [];
      let query = db
        .selectFrom('conversations')
        .select('id')
        .where('state', 'in', [...states])
        .where('updated_at', '<=', quietSince);
      if (afterId !== undefined) query = query.where('id', '>', afterId);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map((r) => r.id);
    },
  };
}

/** The per-conversation audit trail: state transitions, contact-center and call events, in insertion order. */
import type { Kysely } from 'kysely';
import type { Store } from '../../domain/ports.js';
import { turnWritesOf } from '../group-commit.js';
import { readJson, writeJson } from '../rows.js';
import type { Database } from '../schema.js';

export type EventQueries = Pick<Store, 'appendEvent' | 'listEvents'>;

export function eventQueries(db: Kysely<Database>): EventQueries {
  const writes = turnWritesOf(db);
  return {
    async appendEvent(input) {
      await writes((w) =>
        w
          .insertInto('events')
          .values({
            conversation_id: input.conversationId,
            type: input.type,
            data: writeJson(input.data),
            created_at: input.now,
          })
          .execute(),
      );
    },

    async listEvents(conversationId) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        type: r.type,
        data: readJson<Record<string, unknown>>(r.data),
        createdAt: r.created_at,
      }));
    },
  };
}

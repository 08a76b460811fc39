/** Who took part in a conversation and when (customer, bot, agents, supervisors). */
import type { Kysely } from 'kysely';
import type { Store } from '../../domain/ports.js';
import { turnWritesOf } from '../group-commit.js';
import type { Database } from '../schema.js';

export type ParticipantQueries = Pick<Store, 'addParticipant' | 'removeParticipant' | 'listParticipants'>;

export function participantQueries(db: Kysely<Database>): ParticipantQueries {
  const writes = turnWritesOf(db);
  return {
    async addParticipant(input) {
      await writes((w) =>
        w
          .insertInto('participants')
          .values({
            conversation_id: input.conversationId,
            role: input.role,
            external_id: input.externalId,
            name: input.name,
            joined_at: input.now,
            left_at: null,
          })
          .execute(),
      );
    },

    async removeParticipant(input) {
      await writes((w) =>
        w
          .updateTable('participants')
          .set({ left_at: input.now })
          .where('conversation_id', '=', input.conversationId)
          .where('role', '=', input.role)
          .where('external_id', input.externalId === null ? 'is' : '=', input.externalId)
          .where('left_at', 'is', null)
          .execute(),
      );
    },

    async listParticipants(conversationId) {
      const rows = await db
        .selectFrom('participants')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('joined_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        role: r.role,
        externalId: r.external_id,
        name: r.name,
        joinedAt: r.joined_at,
        leftAt: r.left_at,
      }));
    },
  };
}

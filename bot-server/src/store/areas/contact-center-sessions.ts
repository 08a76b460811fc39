/**
 * Contact-center session keys (for EWC: the chat's guid and authenticationKey) that let the gateway
 * resume the same upstream chat after a drop or a restart. One session per conversation.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../../domain/ports.js';
import { turnWritesOf } from '../group-commit.js';
import { toContactCenterSession, writeJson } from '../rows.js';
import type { Database } from '../schema.js';

export type ContactCenterSessionQueries = Pick<
  Store,
  'saveContactCenterSession' | 'getContactCenterSession' | 'deleteContactCenterSession' | 'listContactCenterSessions'
>;

export function contactCenterSessionQueries(db: Kysely<Database>): ContactCenterSessionQueries {
  const writes = turnWritesOf(db);
  return {
    async saveContactCenterSession(rec) {
      const row = {
        conversation_id: rec.conversationId,
        provider: rec.provider,
        external_id: rec.externalId,
        secret: rec.secret,
        data: writeJson(rec.data),
        updated_at: rec.updatedAt,
      };
      await writes((w) =>
        w
          .insertInto('contact_center_sessions')
          .values(row)
          .onConflict((oc) =>
            oc.column('conversation_id').doUpdateSet({
              provider: row.provider,
              external_id: row.external_id,
              secret: row.secret,
              data: row.data,
              updated_at: row.updated_at,
            }),
          )
          .execute(),
      );
    },

    async getContactCenterSession(conversationId) {
      const row = await db
        .selectFrom('contact_center_sessions')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return row && toContactCenterSession(row);
    },

    async deleteContactCenterSession(conversationId) {
      await writes((w) =>
        w.deleteFrom('contact_center_sessions').where('conversation_id', '=', conversationId).execute(),
      );
    },

    async listContactCenterSessions(provider) {
      const rows = await db
        .selectFrom('contact_center_sessions')
        .selectAll()
        .where('provider', '=', provider)
        .orderBy('updated_at')
        .orderBy('conversation_id')
        .execute();
      return rows.map(toContactCenterSession);
    },
  };
}

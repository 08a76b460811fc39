/** Voice calls: idempotent creation (never dial twice), status updates, lookups and the abuse counters. */
import type { Kysely } from 'kysely';
import type { Store } from '../../domain/ports.js';
import { fromCall, toCall, writeJson } from '../rows.js';
import type { Database } from '../schema.js';

export type CallQueries = Pick<
  Store,
  'createCall' | 'updateCall' | 'getCall' | 'getCallByExternalId' | 'listCalls' | 'listOpenCalls' | 'countCallsSince'
>;

/** Statuses after which a provider reports nothing more. */
const FINAL_STATUSES = ['completed', 'no_answer', 'busy', 'failed', 'cancelled'] as const;

export function callQueries(db: Kysely<Database>): CallQueries {
  return {
    async createCall(rec) {
      const row = fromCall(rec);
      const inserted = await db
        .insertInto('calls')
        .values(row)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { call: toCall(row), created: true };
      const existing = await db
        .selectFrom('calls')
        .selectAll()
        .where('idempotency_key', '=', rec.idempotencyKey)
        .executeTakeFirstOrThrow();
      return { call: toCall(existing), created: false };
    },

    async updateCall(id, patch) {
      const row = await db
        .updateTable('calls')
        .set({
          updated_at: patch.now,
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.externalId !== undefined ? { external_id: patch.externalId } : {}),
          ...(patch.data !== undefined ? { data: writeJson(patch.data) } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toCall(row);
    },

    async getCall(id) {
      const row = await db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toCall(row);
    },

    async getCallByExternalId(provider, externalId) {
      const row = await db
        .selectFrom('calls')
        .selectAll()
        .where('provider', '=', provider)
        .where('external_id', '=', externalId)
        .executeTakeFirst();
      return row && toCall(row);
    },

    async listCalls(conversationId) {
      const rows = await db
        .selectFrom('calls')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toCall);
    },

    async listOpenCalls(provider) {
      const rows = await db
        .selectFrom('calls')
        .selectAll()
        .where('provider', '=', provider)
        .where('status', 'not in', [...FINAL_STATUSES])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toCall);
    },

    async countCallsSince(filter, since) {
      let query = db
        .selectFrom('calls')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('created_at', '>=', since);
      if (filter.phone !== undefined) query = query.where('phone', '=', filter.phone);
      if (filter.conversationId !== undefined) query = query.where('conversation_id', '=', filter.conversationId);
      if (filter.clientAddress !== undefined) query = query.where('client_address', '=', filter.clientAddress);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

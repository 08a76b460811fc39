/** Visitors (found again by the hash of their token) and the customer details collected from them. */
import type { Kysely } from 'kysely';
import type { Store } from '../../domain/ports.js';
import { compiledOnce } from '../compiled-once.js';
import { turnWritesOf } from '../group-commit.js';
import { toVisitor } from '../rows.js';
import type { Database } from '../schema.js';

export type VisitorQueries = Pick<Store, 'createVisitor' | 'getVisitorByTokenHash' | 'setDetails' | 'getDetails'>;

export function visitorQueries(db: Kysely<Database>): VisitorQueries {
  const writes = turnWritesOf(db);
  const details = compiledOnce(db, (q, visitorId: string) =>
    q.selectFrom('customer_details').select(['field', 'value']).where('visitor_id', '=', visitorId).orderBy('field'),
  );
  return {
    async createVisitor(input) {
      const row = { id: input.id, token_hash: input.tokenHash, locale: input.locale, created_at: input.now };
      await writes((w) => w.insertInto('visitors').values(row).execute());
      return toVisitor(row);
    },

    async getVisitorByTokenHash(tokenHash) {
      const row = await db.selectFrom('visitors').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toVisitor(row);
    },

    async setDetails(visitorId, details, now) {
      const rows = Object.entries(details).map(([field, value]) => ({
        visitor_id: visitorId,
        field,
        value,
        updated_at: now,
      }));
      if (rows.length === 0) return;
      await writes((w) =>
        w
          .insertInto('customer_details')
          .values(rows)
          .onConflict((oc) =>
            oc
              .columns(['visitor_id', 'field'])
              .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })),
          )
          .execute(),
      );
    },

    async getDetails(visitorId) {
      const rows = await details(visitorId);
      const out: Record<string, string> = {};
      for (const r of rows) out[r.field] = r.value;
      return out;
    },
  };
}

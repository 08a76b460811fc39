/**
 * Reads for delivery (see ../../fanout/README.md): the committed head of many conversations at once, so an
 * instance can find what its sockets missed when a wake-up was lost (a crash between commit and publish, Redis
 * down), in one query per chunk rather than one per conversation.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Conversations per query: keeps the IN list well below every driver's parameter limit. */
const CHUNK = 500;

export interface DeliveryQueries {
  /** Highest committed seq of each conversation that exists (missing ones are left out). */
  lastSeqs(conversationIds: readonly string[]): Promise<Map<string, number>>;
}

export function deliveryQueries(db: Kysely<Database>): DeliveryQueries {
  return {
    async lastSeqs(conversationIds) {
      const out = new Map<string, number>();
      for (let i = 0; i < conversationIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('conversations')
          .select(['id', 'last_seq'])
          .where('id', 'in', conversationIds.slice(i, i + CHUNK))
          .execute();
        for (const row of rows) out.set(row.id, Number(row.last_seq));
      }
      return out;
    },
  };
}

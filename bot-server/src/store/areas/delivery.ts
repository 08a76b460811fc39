/**
 * Delivery (see ../../fanout/README.md): the committed head of many conversations at once, so an instance can
 * find what its sockets missed when a wake-up was lost (a crash between commit and publish, Redis down), in one
 * query per chunk rather than one per conversation; and the conversation epoch, which a reset or a restore renews.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Conversations per query: keeps the IN list well below every driver's parameter limit. */
const CHUNK = 500;

export interface DeliveryQueries {
  /** Highest committed seq of each conversation that exists (missing ones are left out). */
  lastSeqs(conversationIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * Starts a conversation's messages over (seq 1 again) under a new epoch, so that no client mixes the old seqs
   * with the new ones: a hello with the old epoch gets `replay: "reset"`. Returns the new epoch.
   */
  resetConversation(conversationId: string): Promise<string>;
  /** After restoring a backup: every conversation gets a new epoch (clients' resume points are stale). Returns how many. */
  renewEpochs(): Promise<number>;
}

/** A fresh epoch: random, so a restored database never repeats one a client holds. */
export function newEpoch(): string {
  return randomBytes(9).toString('base64url');
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

    async resetConversation(conversationId) {
      const epoch = newEpoch();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('messages').where('conversation_id', '=', conversationId).execute();
        await trx.updateTable('conversations').set({ last_seq: 0, epoch }).where('id', '=', conversationId).execute();
      });
      return epoch;
    },

    async renewEpochs() {
      const [result] = await db.updateTable('conversations').set({ epoch: newEpoch() }).execute();
      return Number(result?.numUpdatedRows ?? 0);
    },
  };
}

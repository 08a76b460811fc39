/** Conversation rows: creation, lookups, and the compare-and-set update the conversation service relies on. */
import type { Kysely } from 'kysely';
import type { Store } from '../../domain/ports.js';
import { compiledOn, compiledOnce } from '../compiled-once.js';
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
  // The compare-and-set update of every turn, compiled once for each combination of the columns a patch sets.
  const updates = new Map<number, ReturnType<typeof compiledUpdate>>();
  const updateOf = (state: boolean, data: boolean, endedAt: boolean) => {
    const shape = (state ? 1 : 0) | (data ? 2 : 0) | (endedAt ? 4 : 0);
    let update = updates.get(shape);
    if (!update) updates.set(shape, (update = compiledUpdate(db, state, data, endedAt)));
    return update;
  };
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
      const { state, data, endedAt } = patch;
      const row = await writes(async (w) => {
        const [updated] = await updateOf(state !== undefined, data !== undefined, endedAt !== undefined)(
          w,
          patch.now,
          state,
          data === undefined ? undefined : writeJson(data),
          endedAt,
          id,
          expectedVersion,
        );
        return updated;
      });
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

/** The compare-and-set update setting the columns given; parameters absent from the shape are left out of the SQL. */
function compiledUpdate(db: Kysely<Database>, setState: boolean, setData: boolean, setEndedAt: boolean) {
  // A parameter the shape leaves out is not a value of the query: it must not be passed, so the arity varies.
  const update = compiledOn(db, (q, ...p: Array<string | number | null>) => {
    let i = 0;
    const now = p[i++]!;
    const state = setState ? p[i++] : undefined;
    const data = setData ? p[i++] : undefined;
    const endedAt = setEndedAt ? p[i++] : undefined;
    const id = p[i++] as string;
    const version = p[i++] as number;
    return q
      .updateTable('conversations')
      .set((eb) => ({
        version: eb('version', '+', 1),
        updated_at: now as number,
        ...(setState ? { state: state as string } : {}),
        ...(setData ? { data: data as string } : {}),
        ...(setEndedAt ? { ended_at: endedAt as number | null } : {}),
      }))
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll();
  });
  return (
    w: Kysely<Database>,
    now: number,
    state: string | undefined,
    data: string | undefined,
    endedAt: number | null | undefined,
    id: string,
    version: number,
  ) =>
    update(
      w,
      now,
      ...(setState ? [state!] : []),
      ...(setData ? [data!] : []),
      ...(setEndedAt ? [endedAt ?? null] : []),
      id,
      version,
    );
}

/** Customers on a messaging channel: their visitor and conversation, reply address, profile, window and render state. */
import type { Kysely, Selectable } from 'kysely';
import type { ChannelName, CustomerAddress, CustomerProfile } from '../../channels/channel.js';
import type { ChannelIdentityRecord, MessagingStore } from '../../domain/messaging-ports.js';
import { compiledOn, compiledOnce } from '../compiled-once.js';
import { writesOf } from '../group-commit.js';
import { readJson, writeJson } from '../rows.js';
import type { Database, MessagingIdentitiesTable } from '../schema.js';

export type IdentityQueries = Pick<
  MessagingStore,
  'getChannelIdentity' | 'getChannelIdentityByConversation' | 'saveChannelIdentity'
>;

function toIdentity(r: Selectable<MessagingIdentitiesTable>): ChannelIdentityRecord {
  return {
    channel: r.channel as ChannelName,
    appId: r.app_id,
    customerKey: r.customer_key,
    visitorId: r.visitor_id,
    conversationId: r.conversation_id,
    address: readJson<CustomerAddress>(r.address),
    profile: readJson<CustomerProfile>(r.profile),
    lastCustomerAt: r.last_customer_at === null ? null : Number(r.last_customer_at),
    renderState: readJson<Record<string, unknown>>(r.render_state),
    updatedAt: Number(r.updated_at),
  };
}

export function identityQueries(db: Kysely<Database>): IdentityQueries {
  const writes = writesOf(db);
  const upsert = identityUpsert(db);
  const byCustomer = compiledOnce(db, (q, channel: string, appId: string, customerKey: string) =>
    q
      .selectFrom('messaging_identities')
      .selectAll()
      .where('channel', '=', channel)
      .where('app_id', '=', appId)
      .where('customer_key', '=', customerKey),
  );
  const byConversation = compiledOnce(db, (q, conversationId: string) =>
    q.selectFrom('messaging_identities').selectAll().where('conversation_id', '=', conversationId),
  );
  return {
    async getChannelIdentity(channel, appId, customerKey) {
      const [row] = await byCustomer(channel, appId, customerKey);
      return row && toIdentity(row);
    },

    async getChannelIdentityByConversation(conversationId) {
      const [row] = await byConversation(conversationId);
      return row && toIdentity(row);
    },

    async saveChannelIdentity(rec) {
      await writes((w) => upsert(w, rec));
    },
  };
}

/** Inserts or replaces a customer's identity (on the transaction or database it is given). */
export type IdentityUpsert = (w: Kysely<Database>, rec: ChannelIdentityRecord) => Promise<void>;

/** Columns an upsert replaces: all but the key, each from the row offered (`excluded`), so each value binds once. */
const REPLACED = [
  'visitor_id',
  'conversation_id',
  'address',
  'profile',
  'last_customer_at',
  'render_state',
  'updated_at',
] as const;

/** The upsert of a customer's identity, compiled once for `db`'s dialect (compiled-once.ts): a write of most turns. */
export function identityUpsert(db: Kysely<Database>): IdentityUpsert {
  const upsert = compiledOn(
    db,
    (
      q,
      channel: string,
      appId: string,
      customerKey: string,
      visitorId: string,
      conversationId: string,
      address: string,
      profile: string,
      lastCustomerAt: number | null,
      renderState: string,
      updatedAt: number,
    ) =>
      q
        .insertInto('messaging_identities')
        .values({
          channel,
          app_id: appId,
          customer_key: customerKey,
          visitor_id: visitorId,
          conversation_id: conversationId,
          address,
          profile,
          last_customer_at: lastCustomerAt,
          render_state: renderState,
          updated_at: updatedAt,
        })
        .onConflict((oc) =>
          oc
            .columns(['channel', 'app_id', 'customer_key'])
            .doUpdateSet((eb) => Object.fromEntries(REPLACED.map((c) => [c, eb.ref(`excluded.${c}`)]))),
        ),
  );
  return async (w, rec) => {
    await upsert(
      w,
      rec.channel,
      rec.appId,
      rec.customerKey,
      rec.visitorId,
      rec.conversationId,
      writeJson(rec.address),
      writeJson(rec.profile),
      rec.lastCustomerAt,
      writeJson(rec.renderState),
      rec.updatedAt,
    );
  };
}

/** Customers on a messaging channel: their visitor and conversation, reply address, profile, window and render state. */
import type { Kysely, Selectable } from 'kysely';
import type { ChannelName, CustomerAddress, CustomerProfile } from '../../channels/channel.js';
import type { ChannelIdentityRecord, MessagingStore } from '../../domain/messaging-ports.js';
import { compiledOnce } from '../compiled-once.js';
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
      await writes((w) => upsertIdentity(w, rec));
    },
  };
}

/** Inserts or replaces a customer's identity (on the transaction or database it is given). */
export async function upsertIdentity(w: Kysely<Database>, rec: ChannelIdentityRecord): Promise<void> {
  const row = {
    channel: rec.channel,
    app_id: rec.appId,
    customer_key: rec.customerKey,
    visitor_id: rec.visitorId,
    conversation_id: rec.conversationId,
    address: writeJson(rec.address),
    profile: writeJson(rec.profile),
    last_customer_at: rec.lastCustomerAt,
    render_state: writeJson(rec.renderState),
    updated_at: rec.updatedAt,
  };
  await w
    .insertInto('messaging_identities')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['channel', 'app_id', 'customer_key']).doUpdateSet({
        visitor_id: row.visitor_id,
        conversation_id: row.conversation_id,
        address: row.address,
        profile: row.profile,
        last_customer_at: row.last_customer_at,
        render_state: row.render_state,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

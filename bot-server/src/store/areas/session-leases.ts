/**
 * Session leases for several instances (migration 0004): which instance owns each escalated chat's contact-center
 * session, until when, and under which fencing token; the session writes that name that token; and the requests an
 * instance leaves for a session's owner. Expiry uses the database's clock, so instances' clocks need not agree.
 *
 * Fencing: a takeover increments the token, and `saveSessionFenced` / `deleteSessionFenced` write only while the
 * lease still carries the writer's token. On PostgreSQL the fenced save holds the lease row (FOR SHARE) until it
 * commits, so a takeover waits for a write in progress and a write after a takeover is refused.
 */
import { sql, type Generated, type Kysely } from 'kysely';
import type { ContactCenterSessionRecord } from '../../domain/ports.js';
import { dbNow } from '../db-clock.js';
import { writeJson } from '../rows.js';
import type { Database, Dialect } from '../schema.js';

interface SessionLeasesTable {
  conversation_id: string;
  owner: string;
  token: number;
  expires_at: number;
}

interface SessionForwardsTable {
  id: Generated<number>;
  conversation_id: string;
  kind: string;
  client_msg_id: string | null;
  text: string | null;
  created_at: number;
}

type LeaseTables = {
  session_leases: SessionLeasesTable;
  session_forwards: SessionForwardsTable;
};

export interface LeaseGrant {
  conversationId: string;
  token: number;
}

export interface LeaseRow extends LeaseGrant {
  owner: string;
  expiresAt: number;
}

/** A request left for the session's owner: a customer message to send, or the end of the chat. */
export type SessionForward =
  | { id: number; conversationId: string; kind: 'message'; clientMsgId: string; text: string }
  | { id: number; conversationId: string; kind: 'end' };

export type NewSessionForward =
  | { conversationId: string; kind: 'message'; clientMsgId: string; text: string }
  | { conversationId: string; kind: 'end' };

export interface SessionLeaseQueries {
  /** Take the lease when it is free, expired or already ours (a new token each time); undefined when another holds it. */
  acquireLease(conversationId: string, owner: string, ttlMs: number): Promise<LeaseGrant | undefined>;
  /** Extend every unexpired lease of `owner`; what is missing from the answer is no longer ours. */
  renewLeases(owner: string, ttlMs: number): Promise<LeaseGrant[]>;
  /** Take up to `limit` expired leases, and sessions that have none (persisted before leases existed). */
  claimExpiredLeases(owner: string, ttlMs: number, limit: number): Promise<LeaseGrant[]>;
  releaseLease(conversationId: string, owner: string, token: number): Promise<void>;
  /** Graceful shutdown: mark every lease of `owner` expired so other instances take them at once. */
  expireLeases(owner: string): Promise<void>;
  getLease(conversationId: string): Promise<LeaseRow | undefined>;
  /** Save the session record only while the lease carries `token`; false when fenced off. */
  saveSessionFenced(rec: ContactCenterSessionRecord, owner: string, token: number): Promise<boolean>;
  /** Delete the session record while the lease carries `token` (or when nobody holds a lease); false when fenced off. */
  deleteSessionFenced(conversationId: string, owner: string, token: number): Promise<boolean>;
  addSessionForward(forward: NewSessionForward, now: number): Promise<void>;
  /** Requests waiting for the sessions `owner` holds, oldest first. */
  sessionForwardsOf(owner: string, conversationId?: string): Promise<SessionForward[]>;
  deleteSessionForwards(ids: number[]): Promise<void>;
}

export function sessionLeaseQueries(base: Kysely<Database>, dialect: Dialect): SessionLeaseQueries {
  const db = base.withTables<LeaseTables>();
  const pg = dialect === 'postgres';
  const now = dbNow(dialect);
  const until = (ttlMs: number) => sql<number>`${now} + ${ttlMs}`;
  const grants = (rows: Array<{ conversation_id: string; token: number }>): LeaseGrant[] =>
    rows.map((r) => ({ conversationId: r.conversation_id, token: Number(r.token) }));

  return {
    async acquireLease(conversationId, owner, ttlMs) {
      const row = await db
        .insertInto('session_leases')
        .values({ conversation_id: conversationId, owner, token: 1, expires_at: until(ttlMs) })
        .onConflict((oc) =>
          oc
            .column('conversation_id')
            .doUpdateSet({
              owner,
              token: sql<number>`session_leases.token + 1`,
              expires_at: until(ttlMs),
            })
            .where((eb) => eb.or([eb('session_leases.expires_at', '<', now), eb('session_leases.owner', '=', owner)])),
        )
        .returning(['conversation_id', 'token'])
        .executeTakeFirst();
      return row && grants([row])[0];
    },

    async renewLeases(owner, ttlMs) {
      const rows = await db
        .updateTable('session_leases')
        .set({ expires_at: until(ttlMs) })
        .where('owner', '=', owner)
        .where('expires_at', '>=', now)
        .returning(['conversation_id', 'token'])
        .execute();
      return grants(rows);
    },

    async claimExpiredLeases(owner, ttlMs, limit) {
      const expired = db
        .selectFrom('session_leases')
        .select('conversation_id')
        .where('expires_at', '<', now)
        .orderBy('expires_at')
        .limit(limit);
      // Two scanners split the expired leases between them instead of queueing on the same rows.
      const candidates = pg ? expired.forUpdate().skipLocked() : expired;
      const taken = await db
        .updateTable('session_leases')
        .set({ owner, token: sql<number>`token + 1`, expires_at: until(ttlMs) })
        .where('conversation_id', 'in', candidates)
        .where('expires_at', '<', now)
        .returning(['conversation_id', 'token'])
        .execute();
      const orphans = await db
        .insertInto('session_leases')
        .columns(['conversation_id', 'owner', 'token', 'expires_at'])
        .expression((eb) =>
          eb
            .selectFrom('contact_center_sessions as s')
            .select((s) => [
              's.conversation_id',
              s.val(owner).as('owner'),
              s.lit(1).as('token'),
              until(ttlMs).as('expires_at'),
            ])
            .where((s) =>
              s.not(
                s.exists(
                  s
                    .selectFrom('session_leases as l')
                    .select('l.conversation_id')
                    .whereRef('l.conversation_id', '=', 's.conversation_id'),
                ),
              ),
            )
            .limit(limit),
        )
        .onConflict((oc) => oc.column('conversation_id').doNothing())
        .returning(['conversation_id', 'token'])
        .execute();
      return [...grants(taken), ...grants(orphans)];
    },

    async releaseLease(conversationId, owner, token) {
      const r = await db
        .deleteFrom('session_leases')
        .where('conversation_id', '=', conversationId)
        .where('owner', '=', owner)
        .where('token', '=', token)
        .executeTakeFirst();
      // Requests left for this escalation must not reach a later one of the same conversation.
      if (r.numDeletedRows > 0n)
        await db.deleteFrom('session_forwards').where('conversation_id', '=', conversationId).execute();
    },

    async expireLeases(owner) {
      await db.updateTable('session_leases').set({ expires_at: 0 }).where('owner', '=', owner).execute();
    },

    async getLease(conversationId) {
      const row = await db
        .selectFrom('session_leases')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return (
        row && {
          conversationId: row.conversation_id,
          owner: row.owner,
          token: Number(row.token),
          expiresAt: Number(row.expires_at),
        }
      );
    },

    saveSessionFenced(rec, owner, token) {
      return db.transaction().execute(async (trx) => {
        const held = trx
          .selectFrom('session_leases')
          .select('token')
          .where('conversation_id', '=', rec.conversationId)
          .where('owner', '=', owner)
          .where('token', '=', token);
        if ((await (pg ? held.forShare() : held).executeTakeFirst()) === undefined) return false;
        const row = {
          conversation_id: rec.conversationId,
          provider: rec.provider,
          external_id: rec.externalId,
          secret: rec.secret,
          data: writeJson(rec.data),
          updated_at: rec.updatedAt,
        };
        await trx
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
          .execute();
        return true;
      });
    },

    async deleteSessionFenced(conversationId, owner, token) {
      const r = await db
        .deleteFrom('contact_center_sessions')
        .where('conversation_id', '=', conversationId)
        .where((eb) => {
          const lease = eb
            .selectFrom('session_leases as l')
            .select('l.token')
            .where('l.conversation_id', '=', conversationId);
          return eb.or([
            eb.exists(lease.where('l.owner', '=', owner).where('l.token', '=', token)),
            eb.not(eb.exists(lease)),
          ]);
        })
        .executeTakeFirst();
      if (r.numDeletedRows > 0n) return true;
      // Nothing to delete is not a refusal: the record may already be gone.
      const left = await db
        .selectFrom('contact_center_sessions')
        .select('conversation_id')
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return left === undefined;
    },

    async addSessionForward(forward, at) {
      await db
        .insertInto('session_forwards')
        .values({
          conversation_id: forward.conversationId,
          kind: forward.kind,
          client_msg_id: forward.kind === 'message' ? forward.clientMsgId : null,
          text: forward.kind === 'message' ? forward.text : null,
          created_at: at,
        })
        .onConflict((oc) => oc.columns(['conversation_id', 'client_msg_id']).doNothing())
        .execute();
    },

    async sessionForwardsOf(owner, conversationId) {
      let q = db
        .selectFrom('session_forwards as f')
        .innerJoin('session_leases as l', 'l.conversation_id', 'f.conversation_id')
        .select(['f.id', 'f.conversation_id', 'f.kind', 'f.client_msg_id', 'f.text'])
        .where('l.owner', '=', owner)
        .orderBy('f.id');
      if (conversationId !== undefined) q = q.where('f.conversation_id', '=', conversationId);
      const rows = await q.execute();
      return rows.map((r): SessionForward => {
        const base = { id: Number(r.id), conversationId: r.conversation_id };
        return r.kind === 'message' && r.client_msg_id !== null && r.text !== null
          ? { ...base, kind: 'message', clientMsgId: r.client_msg_id, text: r.text }
          : { ...base, kind: 'end' };
      });
    },

    async deleteSessionForwards(ids) {
      if (ids.length === 0) return;
      await db.deleteFrom('session_forwards').where('id', 'in', ids).execute();
    },
  };
}

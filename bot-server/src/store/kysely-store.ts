/**
 * The one Store implementation, over Kysely, for both SQLite and PostgreSQL. Dialect differences
 * live in the connection factories (sqlite.ts, postgres.ts) and the migrations; every query here is
 * portable SQL (RETURNING, ON CONFLICT, row-value comparison).
 */
import type { Message } from '@parley/protocol';
import { Migrator, sql, type Kysely } from 'kysely';
import type {
  AppendMessageInput,
  AppendResult,
  CallRecord,
  ContactCenterSessionRecord,
  ConversationRecord,
  HistoryPage,
  Store,
  VisitorRecord,
} from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { AppendBatcher } from './append-batcher.js';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor.js';
import { migrationProvider } from './migrations/index.js';
import {
  fromCall,
  readJson,
  toCall,
  toContactCenterSession,
  toConversation,
  toMessage,
  toVisitor,
  writeJson,
} from './rows.js';
import type { Database, Dialect } from './schema.js';

/** Largest page any list method returns, whatever the caller asks for. */
export const MAX_PAGE = 1000;

export interface KyselyStoreOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema holding the tables (and Kysely's migration tables). */
  schema?: string;
  /** Called once by close(), after the Kysely instance is destroyed. */
  onClose?: () => Promise<void> | void;
  logger?: { info(obj: object, msg: string): void };
}

export class KyselyStore implements Store {
  readonly dialect: Dialect;
  private readonly db: Kysely<Database>;
  private readonly opts: KyselyStoreOptions;
  private readonly appends: AppendBatcher;
  private closed = false;

  constructor(opts: KyselyStoreOptions) {
    this.db = opts.db;
    this.dialect = opts.dialect;
    this.opts = opts;
    this.appends = new AppendBatcher(opts.db, { lockInOrder: opts.dialect === 'postgres' });
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      ...(this.opts.schema ? { migrationTableSchema: this.opts.schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error)
      throw new ParleyError(
        'PARLEY_ERR_INTERNAL',
        `Database migration failed: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    this.opts.logger?.info(
      { dialect: this.dialect, applied },
      applied.length ? 'store migrated' : 'store schema up to date',
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appends.idle();
    await this.db.destroy();
    await this.opts.onClose?.();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  // --- visitors ------------------------------------------------------------------------------

  async createVisitor(input: {
    id: string;
    tokenHash: string;
    locale: string | null;
    now: number;
  }): Promise<VisitorRecord> {
    const row = { id: input.id, token_hash: input.tokenHash, locale: input.locale, created_at: input.now };
    await this.db.insertInto('visitors').values(row).execute();
    return toVisitor(row);
  }

  async getVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | undefined> {
    const row = await this.db.selectFrom('visitors').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toVisitor(row);
  }

  // --- conversations -------------------------------------------------------------------------

  async createConversation(input: {
    id: string;
    visitorId: string;
    channel: ConversationRecord['channel'];
    state: string;
    data: Record<string, unknown>;
    now: number;
  }): Promise<ConversationRecord> {
    const row = {
      id: input.id,
      visitor_id: input.visitorId,
      channel: input.channel,
      state: input.state,
      data: writeJson(input.data),
      version: 1,
      last_seq: 0,
      created_at: input.now,
      updated_at: input.now,
      ended_at: null,
    };
    await this.db.insertInto('conversations').values(row).execute();
    return toConversation(row);
  }

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConversation(row);
  }

  async getOpenConversation(visitorId: string): Promise<ConversationRecord | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('visitor_id', '=', visitorId)
      .where('ended_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toConversation(row);
  }

  async updateConversation(
    id: string,
    expectedVersion: number,
    patch: { state?: string; data?: Record<string, unknown>; endedAt?: number | null; now: number },
  ): Promise<ConversationRecord | undefined> {
    const row = await this.db
      .updateTable('conversations')
      .set((eb) => ({
        version: eb('version', '+', 1),
        updated_at: patch.now,
        ...(patch.state !== undefined ? { state: patch.state } : {}),
        ...(patch.data !== undefined ? { data: writeJson(patch.data) } : {}),
        ...(patch.endedAt !== undefined ? { ended_at: patch.endedAt } : {}),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    return row && toConversation(row);
  }

  async listConversationsByState(states: readonly string[]): Promise<ConversationRecord[]> {
    if (states.length === 0) return [];
    const rows = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('state', 'in', [...states])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toConversation);
  }

  // --- messages ------------------------------------------------------------------------------

  /** Durable, idempotent append; concurrent appends are group-committed (see append-batcher.ts). */
  appendMessage(input: AppendMessageInput): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new ParleyError('PARLEY_ERR_SHUTTING_DOWN', 'The store is closed.'));
    return this.appends.append(input);
  }

  async listMessagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(clampLimit(limit))
      .execute();
    return rows.map(toMessage);
  }

  async listMessages(conversationId: string): Promise<Message[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .execute();
    return rows.map(toMessage);
  }

  async listVisitorHistory(visitorId: string, before: string | undefined, limit: number): Promise<HistoryPage> {
    const take = clampLimit(limit);
    const from = before === undefined ? undefined : decodeHistoryCursor(before);
    let query = this.db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .selectAll('m')
      .select('c.created_at as conversation_created_at')
      .where('c.visitor_id', '=', visitorId);
    if (from) {
      query = query.where((eb) =>
        eb(
          eb.refTuple('c.created_at', 'c.id', 'm.seq'),
          '<',
          eb.tuple(from.conversationCreatedAt, from.conversationId, from.seq),
        ),
      );
    }
    const rows = await query
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .orderBy('m.seq', 'desc')
      .limit(take + 1)
      .execute();
    const page = rows.slice(0, take);
    const oldest = page.at(-1);
    const result: HistoryPage = { messages: page.reverse().map(toMessage) };
    if (rows.length > take && oldest) {
      result.before = encodeHistoryCursor({
        conversationCreatedAt: oldest.conversation_created_at,
        conversationId: oldest.conversation_id,
        seq: oldest.seq,
      });
    }
    return result;
  }

  // --- customer details ----------------------------------------------------------------------

  async setDetails(visitorId: string, details: Record<string, string>, now: number): Promise<void> {
    const rows = Object.entries(details).map(([field, value]) => ({
      visitor_id: visitorId,
      field,
      value,
      updated_at: now,
    }));
    if (rows.length === 0) return;
    await this.db
      .insertInto('customer_details')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['visitor_id', 'field'])
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })),
      )
      .execute();
  }

  async getDetails(visitorId: string): Promise<Record<string, string>> {
    const rows = await this.db
      .selectFrom('customer_details')
      .select(['field', 'value'])
      .where('visitor_id', '=', visitorId)
      .orderBy('field')
      .execute();
    const out: Record<string, string> = {};
    for (const r of rows) out[r.field] = r.value;
    return out;
  }

  // --- participants and events ---------------------------------------------------------------

  async addParticipant(input: {
    conversationId: string;
    role: 'customer' | 'bot' | 'agent' | 'supervisor';
    externalId: string | null;
    name: string | null;
    now: number;
  }): Promise<void> {
    await this.db
      .insertInto('participants')
      .values({
        conversation_id: input.conversationId,
        role: input.role,
        external_id: input.externalId,
        name: input.name,
        joined_at: input.now,
        left_at: null,
      })
      .execute();
  }

  async removeParticipant(input: {
    conversationId: string;
    role: string;
    externalId: string | null;
    now: number;
  }): Promise<void> {
    await this.db
      .updateTable('participants')
      .set({ left_at: input.now })
      .where('conversation_id', '=', input.conversationId)
      .where('role', '=', input.role)
      .where('external_id', input.externalId === null ? 'is' : '=', input.externalId)
      .where('left_at', 'is', null)
      .execute();
  }

  async listParticipants(
    conversationId: string,
  ): Promise<
    Array<{ role: string; externalId: string | null; name: string | null; joinedAt: number; leftAt: number | null }>
  > {
    const rows = await this.db
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
  }

  async appendEvent(input: {
    conversationId: string;
    type: string;
    data: Record<string, unknown>;
    now: number;
  }): Promise<void> {
    await this.db
      .insertInto('events')
      .values({
        conversation_id: input.conversationId,
        type: input.type,
        data: writeJson(input.data),
        created_at: input.now,
      })
      .execute();
  }

  async listEvents(
    conversationId: string,
  ): Promise<Array<{ type: string; data: Record<string, unknown>; createdAt: number }>> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      type: r.type,
      data: readJson<Record<string, unknown>>(r.data),
      createdAt: r.created_at,
    }));
  }

  // --- contact-center sessions ---------------------------------------------------------------

  async saveContactCenterSession(rec: ContactCenterSessionRecord): Promise<void> {
    const row = {
      conversation_id: rec.conversationId,
      provider: rec.provider,
      external_id: rec.externalId,
      secret: rec.secret,
      data: writeJson(rec.data),
      updated_at: rec.updatedAt,
    };
    await this.db
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
  }

  async getContactCenterSession(conversationId: string): Promise<ContactCenterSessionRecord | undefined> {
    const row = await this.db
      .selectFrom('contact_center_sessions')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return row && toContactCenterSession(row);
  }

  async deleteContactCenterSession(conversationId: string): Promise<void> {
    await this.db.deleteFrom('contact_center_sessions').where('conversation_id', '=', conversationId).execute();
  }

  async listContactCenterSessions(provider: string): Promise<ContactCenterSessionRecord[]> {
    const rows = await this.db
      .selectFrom('contact_center_sessions')
      .selectAll()
      .where('provider', '=', provider)
      .orderBy('updated_at')
      .orderBy('conversation_id')
      .execute();
    return rows.map(toContactCenterSession);
  }

  // --- calls ---------------------------------------------------------------------------------

  async createCall(rec: CallRecord): Promise<{ call: CallRecord; created: boolean }> {
    const row = fromCall(rec);
    const inserted = await this.db
      .insertInto('calls')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { call: toCall(row), created: true };
    const existing = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('idempotency_key', '=', rec.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { call: toCall(existing), created: false };
  }

  async updateCall(
    id: string,
    patch: { status?: CallRecord['status']; externalId?: string | null; data?: Record<string, unknown>; now: number },
  ): Promise<CallRecord | undefined> {
    const row = await this.db
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
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    const row = await this.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCall(row);
  }

  async getCallByExternalId(provider: string, externalId: string): Promise<CallRecord | undefined> {
    const row = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('provider', '=', provider)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row && toCall(row);
  }

  async listCalls(conversationId: string): Promise<CallRecord[]> {
    const rows = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toCall);
  }

  async countCallsSince(
    filter: { phone?: string; conversationId?: string; clientAddress?: string },
    since: number,
  ): Promise<number> {
    let query = this.db
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('created_at', '>=', since);
    if (filter.phone !== undefined) query = query.where('phone', '=', filter.phone);
    if (filter.conversationId !== undefined) query = query.where('conversation_id', '=', filter.conversationId);
    if (filter.clientAddress !== undefined) query = query.where('client_address', '=', filter.clientAddress);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return MAX_PAGE;
  return Math.min(MAX_PAGE, Math.max(1, Math.floor(limit)));
}

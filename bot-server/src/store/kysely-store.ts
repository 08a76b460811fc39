/**
 * The one Store implementation, over Kysely, for both SQLite and PostgreSQL. Dialect differences
 * live in the connection factories (sqlite.ts, postgres.ts) and the migrations; every query is
 * portable SQL (RETURNING, ON CONFLICT, row-value comparison).
 *
 * The queries live in one module per area under areas/ (visitors, conversations, messages,
 * participants, events, contact-center sessions, calls, and the messaging inbox, outbox and identities); this module composes them with the
 * lifecycle (migrate, ping, close) and the message appends. Every write is group-committed (group-commit.ts). A new area is a new
 * module there plus one line below.
 */
import { inspect } from 'node:util';
import { Migrator, sql, type Kysely } from 'kysely';
import type { AttachmentStore } from '../attachments/model.js';
import type { MessagingStore } from '../domain/messaging-ports.js';
import type { Store } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { AppendBatcher } from './append-batcher.js';
import { commitTurnsDirectly, writesIdle } from './group-commit.js';
import { attachmentQueries } from './areas/attachments.js';
import { surveyQueries } from './areas/surveys.js';
import type { SurveyStore } from '../survey/model.js';
import { callQueries } from './areas/calls.js';
import { contactCenterSessionQueries } from './areas/contact-center-sessions.js';
import { conversationQueries } from './areas/conversations.js';
import { deliveryQueries, type DeliveryQueries } from './areas/delivery.js';
import { eventQueries } from './areas/events.js';
import { identityQueries } from './areas/messaging-identities.js';
import { claimQueries } from './areas/messaging-claims.js';
import { inboxQueries } from './areas/messaging-inbox.js';
import { jobQueries } from './areas/jobs.js';
import { outboxQueries } from './areas/messaging-outbox.js';
import { messageQueries } from './areas/messages.js';
import { participantQueries } from './areas/participants.js';
import { sessionLeaseQueries, type SessionLeaseQueries } from './areas/session-leases.js';
import { visitorQueries } from './areas/visitors.js';
import { migrationProvider } from './migrations/index.js';
import type { Database, Dialect } from './schema.js';

export interface KyselyStoreOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema holding the tables (and Kysely's migration tables). */
  schema?: string;
  /** Called once by close(), after the Kysely instance is destroyed. */
  onClose?: () => Promise<void> | void;
  logger?: { info(obj: object, msg: string): void };
}

export interface KyselyStore
  extends Store, MessagingStore, AttachmentStore, SurveyStore, DeliveryQueries, SessionLeaseQueries {
  readonly dialect: Dialect;
}

export function createKyselyStore(opts: KyselyStoreOptions): KyselyStore {
  const { db, dialect } = opts;
  if (dialect === 'postgres') commitTurnsDirectly(db);
  const appends = new AppendBatcher(db, { lockInOrder: dialect === 'postgres' });
  let closed = false;

  return {
    dialect,

    async migrate() {
      const migrator = new Migrator({
        db,
        provider: migrationProvider(dialect),
        ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const reason = error instanceof Error ? error.message : inspect(error);
        throw new ParleyError('PARLEY_ERR_INTERNAL', `Database migration failed: ${reason}`, error);
      }
      const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      opts.logger?.info({ dialect, applied }, applied.length ? 'store migrated' : 'store schema up to date');
    },

    async close() {
      if (closed) return;
      closed = true;
      await writesIdle(db);
      await db.destroy();
      await opts.onClose?.();
    },

    async ping() {
      await sql`select 1`.execute(db);
    },

    /** Durable, idempotent append; concurrent appends are group-committed (see append-batcher.ts). */
    appendMessage(input) {
      if (closed) return Promise.reject(new ParleyError('PARLEY_ERR_SHUTTING_DOWN', 'The store is closed.'));
      return appends.append(input);
    },

    ...visitorQueries(db),
    ...conversationQueries(db),
    ...messageQueries(db),
    ...participantQueries(db),
    ...eventQueries(db),
    ...contactCenterSessionQueries(db),
    ...callQueries(db),
    ...jobQueries(db),
    ...inboxQueries(db, dialect),
    ...outboxQueries(db, dialect),
    ...claimQueries(db, dialect),
    ...identityQueries(db),
    ...attachmentQueries(db),
    ...surveyQueries(db),
    ...deliveryQueries(db),
    ...sessionLeaseQueries(db, dialect),
  };
}

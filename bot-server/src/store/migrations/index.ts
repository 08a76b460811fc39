/**
 * The ordered list of schema migrations. Names sort lexically and must never change once
 * released; add a new file (0002-...) for every schema change instead of editing an old one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../schema.js';
import { init } from './0001-init.js';
import { messaging } from './0002-messaging.js';
import { attachments } from './0003-attachments.js';
import { sessionLeases } from './0004-session-leases.js';
import { conversationEpoch } from './0005-conversation-epoch.js';
import { surveys } from './0006-surveys.js';
import { jobs } from './0007-jobs.js';
import { messagingClaims } from './0008-messaging-claims.js';
import { attachmentChunks } from './0009-attachment-chunks.js';
import { outboxUnconfirmed } from './0010-outbox-unconfirmed.js';

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: (): Promise<Record<string, Migration>> =>
      Promise.resolve({
        '0001-init': init(dialect),
        '0002-messaging': messaging(dialect),
        '0003-attachments': attachments(dialect),
        '0004-session-leases': sessionLeases(dialect),
        '0005-conversation-epoch': conversationEpoch(),
        '0006-surveys': surveys(dialect),
        '0007-jobs': jobs(dialect),
        '0008-messaging-claims': messagingClaims(dialect),
        '0009-attachment-chunks': attachmentChunks(dialect),
        '0010-outbox-unconfirmed': outboxUnconfirmed(),
      }),
  };
}

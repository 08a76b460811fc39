/** Clean attachments: their records and, with the database store, their bytes in pieces (migration 0009). */
import type { Kysely, Selectable } from 'kysely';
import type { AttachmentRecord, AttachmentStore } from '../../attachments/model.js';
import type { Database } from '../schema.js';

export interface AttachmentsTable {
  id: string;
  conversation_id: string;
  name: string;
  mime_type: string;
  size: number;
  sha256: string;
  scan: string;
  chunks: number | null;
  created_at: number;
}

export interface AttachmentChunksTable {
  attachment_id: string;
  seq: number;
  data: Buffer;
}

export interface AttachmentUploadsTable {
  attachment_id: string;
  started_at: number;
}

type Tables = {
  attachments: AttachmentsTable;
  attachment_chunks: AttachmentChunksTable;
  attachment_uploads: AttachmentUploadsTable;
};

function toRecord(r: Selectable<AttachmentsTable>): AttachmentRecord {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    name: r.name,
    mimeType: r.mime_type,
    size: Number(r.size),
    sha256: r.sha256,
    scan: 'clean',
    createdAt: Number(r.created_at),
    ...(r.chunks === null ? {} : { chunks: Number(r.chunks) }),
  };
}

/**
 * A piece's insert needs no WAL sync of its own (SQLite, sqlite-durable.ts): pieces are read only through their
 * record, written after them, whose synced commit covers every WAL frame before it (and a checkpoint syncs what it
 * copies). A crash before the record leaves the upload's entry (synced), so the sweep removes whatever pieces
 * remain. Synced one by one, each piece held SQLite's one connection for a disk sync, 20 per 5 MB file, every chat
 * query waiting behind them.
 */
export const isAttachmentPieceInsert = (sql: string): boolean => sql.startsWith('insert into "attachment_chunks"');

/** A view of the bytes without a copy (a subarray of a pooled buffer is fine to bind). */
const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export function attachmentQueries(base: Kysely<Database>): AttachmentStore {
  const db = base.withTables<Tables>();
  return {
    async beginAttachment(id, startedAt) {
      await db.insertInto('attachment_uploads').values({ attachment_id: id, started_at: startedAt }).execute();
    },

    async saveAttachmentChunk(id, seq, data) {
      await db
        .insertInto('attachment_chunks')
        .values({ attachment_id: id, seq, data: asBuffer(data) })
        .execute();
    },

    async saveAttachment(rec) {
      if (rec.chunks === undefined) return insertRecord(db, rec);
      await db.transaction().execute(async (trx) => {
        await insertRecord(trx, rec);
        await trx.deleteFrom('attachment_uploads').where('attachment_id', '=', rec.id).execute();
      });
    },

    async getAttachment(id) {
      const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async getAttachmentChunk(id, seq) {
      const row = await db
        .selectFrom('attachment_chunks')
        .select('data')
        .where('attachment_id', '=', id)
        .where('seq', '=', seq)
        .executeTakeFirst();
      return row && Buffer.from(row.data);
    },

    async dropUnfinishedAttachment(id) {
      // Pieces first: a crash between the two leaves the entry, so the sweep comes back for it.
      await db.deleteFrom('attachment_chunks').where('attachment_id', '=', id).execute();
      await db.deleteFrom('attachment_uploads').where('attachment_id', '=', id).execute();
    },

    async listUnfinishedAttachments(before, limit) {
      const rows = await db
        .selectFrom('attachment_uploads')
        .select('attachment_id')
        .where('started_at', '<', before)
        .orderBy('started_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.attachment_id);
    },

    async listAttachments(conversationId) {
      const rows = await db
        .selectFrom('attachments')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
  };
}

async function insertRecord(db: Kysely<Database & Tables>, rec: AttachmentRecord): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: rec.id,
      conversation_id: rec.conversationId,
      name: rec.name,
      mime_type: rec.mimeType,
      size: rec.size,
      sha256: rec.sha256,
      scan: rec.scan,
      chunks: rec.chunks ?? null,
      created_at: rec.createdAt,
    })
    .execute();
}

/** Clean attachments: their metadata and, with the database store, their bytes. */
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
  data: Buffer | null;
  created_at: number;
}

type WithAttachments = Database & { attachments: AttachmentsTable };

const META = ['id', 'conversation_id', 'name', 'mime_type', 'size', 'sha256', 'scan', 'created_at'] as const;

function toRecord(r: Omit<Selectable<AttachmentsTable>, 'data'>): AttachmentRecord {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    name: r.name,
    mimeType: r.mime_type,
    size: Number(r.size),
    sha256: r.sha256,
    scan: 'clean',
    createdAt: Number(r.created_at),
  };
}

export function attachmentQueries(base: Kysely<Database>): AttachmentStore {
  const db = base.withTables<{ attachments: AttachmentsTable }>() as Kysely<WithAttachments>;
  return {
    async saveAttachment(rec, data) {
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
          data: data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null,
          created_at: rec.createdAt,
        })
        .execute();
    },

    async getAttachment(id) {
      const row = await db.selectFrom('attachments').select(META).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async getAttachmentData(id) {
      const row = await db.selectFrom('attachments').select('data').where('id', '=', id).executeTakeFirst();
      return row?.data ? Buffer.from(row.data) : undefined;
    },

    async listAttachments(conversationId) {
      const rows = await db
        .selectFrom('attachments')
        .select(META)
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
  };
}

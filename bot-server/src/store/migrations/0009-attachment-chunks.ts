/**
 * 0009: an attachment's bytes in bounded rows. One blob of up to 25 MB was written (and read) by one synchronous
 * statement on SQLite, holding the server's event loop ~100 ms per 5 MB. Now `attachment_chunks` holds pieces of at
 * most 256 KiB, each written by its own short statement, and `attachments.chunks` says how many: the record is
 * written last, so a file whose writing stopped half way is never visible (its pieces, without a record, are swept).
 * Rows stored as one blob by 0003 are cut into pieces here, so every file is read the same way; `data` goes.
 */
import { type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/** The piece size of the files moved here; new files use the pipeline's (the reader needs only `seq` order). */
const PIECE_BYTES = 256 * 1024;

interface Tables {
  attachments: { id: string; data: Uint8Array | null; chunks: number | null };
  attachment_chunks: { attachment_id: string; seq: number; data: Uint8Array };
}

export function attachmentChunks(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'bigint' : 'integer';
  return {
    async up(base: Kysely<unknown>): Promise<void> {
      const db = base as Kysely<Tables>;
      await db.schema
        .createTable('attachment_chunks')
        .addColumn('attachment_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('attachment_chunks_pkey', ['attachment_id', 'seq'])
        .execute();
      await db.schema
        .createTable('attachment_uploads')
        .addColumn('attachment_id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.alterTable('attachments').addColumn('chunks', 'integer').execute();
      const legacy = await db.selectFrom('attachments').select('id').where('data', 'is not', null).execute();
      for (const { id } of legacy) {
        const row = await db.selectFrom('attachments').select('data').where('id', '=', id).executeTakeFirstOrThrow();
        const data = Buffer.from(row.data ?? new Uint8Array());
        let seq = 0;
        for (let off = 0; off < data.length; off += PIECE_BYTES, seq++)
          await db
            .insertInto('attachment_chunks')
            .values({ attachment_id: id, seq, data: data.subarray(off, off + PIECE_BYTES) })
            .execute();
        await db.updateTable('attachments').set({ chunks: seq, data: null }).where('id', '=', id).execute();
      }
      await db.schema.alterTable('attachments').dropColumn('data').execute();
    },

    async down(base: Kysely<unknown>): Promise<void> {
      const db = base as Kysely<Tables>;
      await db.schema
        .alterTable('attachments')
        .addColumn('data', pg ? 'bytea' : 'blob')
        .execute();
      const stored = await db.selectFrom('attachments').select('id').where('chunks', 'is not', null).execute();
      for (const { id } of stored) {
        const pieces = await db
          .selectFrom('attachment_chunks')
          .select('data')
          .where('attachment_id', '=', id)
          .orderBy('seq')
          .execute();
        const data = Buffer.concat(pieces.map((p) => Buffer.from(p.data)));
        await db.updateTable('attachments').set({ data }).where('id', '=', id).execute();
      }
      await db.schema.alterTable('attachments').dropColumn('chunks').execute();
      await db.schema.dropTable('attachment_chunks').execute();
      await db.schema.dropTable('attachment_uploads').execute();
    },
  };
}

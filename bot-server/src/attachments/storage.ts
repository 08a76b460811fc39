/**
 * Where clean files' bytes live: in the database with their record (default, so every instance reads them), or
 * in a directory shared by the instances (ATTACHMENT_STORE=directory:<path>), named by id, the record in the
 * database either way. Writes land complete or not at all: the database's pieces become visible with the record
 * written after them; a directory's file is written under a temporary name, then renamed. Both are read piece by
 * piece, so neither writing nor serving a large file holds the event loop.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FifoLock } from '../fifo-lock.js';
import { FileBytes } from './bytes.js';
import type { AttachmentRecord, AttachmentStore } from './model.js';

/** One database row's worth of bytes: writing it takes SQLite well under a millisecond. */
export const CHUNK_BYTES = 256 * 1024;
/** An upload unfinished for this long stopped (a crash): writing a file's pieces takes seconds at most. */
export const ORPHAN_AGE_MS = 15 * 60 * 1000;

export interface AttachmentStorage {
  readonly kind: string;
  /** Writes a clean file's bytes, whole or as the chunks they arrived in. */
  put(record: AttachmentRecord, data: Buffer | FileBytes): Promise<void>;
  /** The bytes of a stored attachment, piece by piece, or undefined when they are not here (or changed). */
  open(record: AttachmentRecord): Promise<AsyncIterable<Buffer> | undefined>;
  /** Removes what writes that stopped half way left behind; how many files went. */
  sweep(now: number): Promise<number>;
}

export function sha256(data: Uint8Array | readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of data instanceof Uint8Array ? [data] : data) hash.update(part);
  return hash.digest('hex');
}

export function createAttachmentStorage(setting: string, store: AttachmentStore): AttachmentStorage {
  if (setting === 'database') return databaseStorage(store);
  const dir = resolve(setting.replace(/^directory:/, ''));
  mkdirSync(dir, { recursive: true });
  return directoryStorage(dir, store);
}

function databaseStorage(store: AttachmentStore): AttachmentStorage {
  // One file written at a time: the pieces of 50 files queued together on the one connection would make every other
  // query wait behind all of them; this way it waits behind one piece at most.
  const writing = new FifoLock();
  return {
    kind: 'database',
    put: (record, data) => writing.run(() => putPieces(store, record, FileBytes.of(data))),
    open(record) {
      const { chunks } = record;
      if (chunks === undefined) return Promise.resolve(undefined);
      return Promise.resolve(
        (async function* () {
          for (let seq = 0; seq < chunks; seq++) {
            const piece = await store.getAttachmentChunk(record.id, seq);
            if (!piece) throw new Error(`attachment ${record.id} lacks piece ${seq}`);
            yield piece;
          }
        })(),
      );
    },
    async sweep(now) {
      let swept = 0;
      for (;;) {
        const ids = await store.listUnfinishedAttachments(now - ORPHAN_AGE_MS, 20);
        for (const id of ids) {
          await store.dropUnfinishedAttachment(id);
          await nextTurn();
        }
        swept += ids.length;
        if (ids.length < 20) return swept;
      }
    },
  };
}

async function putPieces(store: AttachmentStore, record: AttachmentRecord, data: FileBytes): Promise<void> {
  await store.beginAttachment(record.id, record.createdAt);
  let seq = 0;
  try {
    // The arrived chunks gathered into pieces one at a time, as each is written.
    for (const piece of data.pieces(CHUNK_BYTES)) {
      await store.saveAttachmentChunk(record.id, seq++, piece);
      // Other conversations' work runs between two pieces, not after the whole file.
      await nextTurn();
    }
    await store.saveAttachment({ ...record, chunks: seq });
  } catch (err) {
    await store.dropUnfinishedAttachment(record.id).catch(() => undefined);
    throw err;
  }
}

function directoryStorage(dir: string, store: AttachmentStore): AttachmentStorage {
  // Ids are server-made UUIDs; the check keeps a bad record from naming a path outside the directory.
  const path = (id: string) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('attachment id is not a uuid');
    return join(dir, id);
  };
  return {
    kind: `directory ${dir}`,
    async put(record, data) {
      const tmp = `${path(record.id)}.part`;
      await writeFile(tmp, FileBytes.of(data).chunks, { flag: 'wx' });
      await rename(tmp, path(record.id));
      try {
        await store.saveAttachment(record);
      } catch (err) {
        await rm(path(record.id), { force: true });
        throw err;
      }
    },
    async open(record) {
      const file = path(record.id);
      // A file changed or replaced under us is not served: hashed as a stream first, then streamed out.
      const size = await stat(file).then(
        (s) => s.size,
        () => undefined,
      );
      if (size !== record.size) return undefined;
      const hash = createHash('sha256');
      for await (const piece of createReadStream(file, { highWaterMark: CHUNK_BYTES })) hash.update(piece as Buffer);
      if (hash.digest('hex') !== record.sha256) return undefined;
      return createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
    },
    // A stopped write leaves a `.part` file that is never served; nothing in the database to sweep.
    sweep: () => Promise.resolve(0),
  };
}

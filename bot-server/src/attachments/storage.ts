/**
 * Where clean files' bytes live: in the database with their record (default, so every instance reads them), or
 * in a directory shared by the instances (ATTACHMENT_STORE=directory:<path>), named by id, the record in the
 * database either way. Writes land complete or not at all (temporary file, then rename).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AttachmentRecord, AttachmentStore } from './model.js';

export interface AttachmentStorage {
  readonly kind: string;
  put(record: AttachmentRecord, data: Buffer): Promise<void>;
  /** The bytes of a stored attachment, or undefined when unknown. */
  get(record: AttachmentRecord): Promise<Buffer | undefined>;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function createAttachmentStorage(setting: string, store: AttachmentStore): AttachmentStorage {
  if (setting === 'database') return databaseStorage(store);
  const dir = resolve(setting.replace(/^directory:/, ''));
  mkdirSync(dir, { recursive: true });
  return directoryStorage(dir, store);
}

function databaseStorage(store: AttachmentStore): AttachmentStorage {
  return {
    kind: 'database',
    put: (record, data) => store.saveAttachment(record, data),
    get: (record) => store.getAttachmentData(record.id),
  };
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
      await writeFile(tmp, data, { flag: 'wx' });
      await rename(tmp, path(record.id));
      try {
        await store.saveAttachment(record);
      } catch (err) {
        await rm(path(record.id), { force: true });
        throw err;
      }
    },
    async get(record) {
      const data = await readFile(path(record.id)).catch(() => undefined);
      // A file changed or replaced under us is not served.
      return data && sha256(data) === record.sha256 ? data : undefined;
    },
  };
}

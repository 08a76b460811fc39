/** What the attachment pipeline keeps about a clean file, and the store port that keeps it. */

export interface AttachmentRecord {
  id: string;
  conversationId: string;
  /** The display name, already sanitised. */
  name: string;
  /** The sniffed type, never the claimed one. */
  mimeType: string;
  size: number;
  /** Hex SHA-256 of the bytes, to spot a directory store's file that changed under us. */
  sha256: string;
  /** Only clean files are ever stored; kept so a later rescan can mark one. */
  scan: 'clean';
  createdAt: number;
  /** How many `attachment_chunks` rows hold the bytes (ATTACHMENT_STORE=database); absent when they live elsewhere. */
  chunks?: number;
}

/**
 * The database side of attachments. With the database store a file is begun, its bytes written piece by piece, each
 * its own short statement (one big blob held SQLite's one thread for ~100 ms per 5 MB), and its record written last
 * with `chunks`, which also ends the upload: a file is visible only once whole, and one whose writing stopped half
 * way (a crash) stays listed as unfinished until swept.
 */
export interface AttachmentStore {
  beginAttachment(id: string, startedAt: number): Promise<void>;
  saveAttachmentChunk(id: string, seq: number, data: Uint8Array): Promise<void>;
  /** Makes the attachment visible (and ends its upload): its `chunks` pieces must all be written. */
  saveAttachment(record: AttachmentRecord): Promise<void>;
  getAttachment(id: string): Promise<AttachmentRecord | undefined>;
  /** One piece of the stored bytes, in `seq` order from 0; undefined when there is no such piece. */
  getAttachmentChunk(id: string, seq: number): Promise<Buffer | undefined>;
  /** Drops an unfinished upload: its pieces, then its entry. */
  dropUnfinishedAttachment(id: string): Promise<void>;
  /** Uploads begun before `before` and never finished. */
  listUnfinishedAttachments(before: number, limit: number): Promise<string[]>;
  listAttachments(conversationId: string): Promise<AttachmentRecord[]>;
}

export function isAttachmentStore(store: object): store is AttachmentStore {
  return typeof (store as Partial<AttachmentStore>).saveAttachment === 'function';
}

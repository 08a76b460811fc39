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
}

/** The database side of attachments; `data` is absent when the bytes live elsewhere (directory store). */
export interface AttachmentStore {
  saveAttachment(record: AttachmentRecord, data?: Uint8Array): Promise<void>;
  getAttachment(id: string): Promise<AttachmentRecord | undefined>;
  /** The stored bytes; undefined when the attachment is unknown or its bytes are not in the database. */
  getAttachmentData(id: string): Promise<Buffer | undefined>;
  listAttachments(conversationId: string): Promise<AttachmentRecord[]>;
}

export function isAttachmentStore(store: object): store is AttachmentStore {
  return typeof (store as Partial<AttachmentStore>).saveAttachment === 'function';
}

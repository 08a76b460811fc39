/**
 * A clean file enters its conversation as the customer's `image` or `file` message, stored like any other message
 * (idempotent on the attachment's id) and delivered to the conversation's endpoints. The message carries a signed
 * download link and the scan status. It goes through the conversation service, so an agent who has the chat gets
 * the file's name, type, size and link as text (EWC carries nothing else); the bot does not read files.
 */
import type { ContentOf, Message } from '@parley/protocol';

export type AttachmentContent = ContentOf<'image'> | ContentOf<'file'>;
import type { ConversationRecord } from '../domain/ports.js';
import type { AcceptedFile } from './pipeline.js';

export function attachmentContent(accepted: AcceptedFile, url: string): AttachmentContent {
  const { record } = accepted;
  const media = { url, mimeType: record.mimeType, size: record.size, scan: 'clean' as const };
  if (!accepted.image) return { type: 'file', ...media, name: record.name };
  return { type: 'image', ...media, alt: record.name, ...(accepted.size ?? {}) };
}

/** How a clean file enters its conversation: the conversation service's path for customer content. */
export type PostCustomerContent = (
  conversationId: string,
  clientMsgId: string,
  content: AttachmentContent,
  clientAddress?: string,
) => Promise<Message>;

/** Posts the file as the customer's message; idempotent on the attachment's id (a retried upload posts once). */
export function postAttachment(
  post: PostCustomerContent,
  conversation: ConversationRecord,
  accepted: AcceptedFile,
  url: string,
  clientAddress?: string,
): Promise<Message> {
  return post(conversation.id, `att-${accepted.record.id}`, attachmentContent(accepted, url), clientAddress);
}

/**
 * A clean file enters its conversation as the customer's `image` or `file` message, stored like any other message
 * (idempotent on the attachment's id) and delivered to the conversation's endpoints. The message carries a signed
 * download link and the scan status; the bot and the agent's forwarding are not involved yet (see README).
 */
import type { Content, Message } from '@parley/protocol';
import type { ConversationRecord } from '../domain/ports.js';
import type { Outbound } from '../domain/outbound.js';
import type { Store } from '../domain/ports.js';
import type { AcceptedFile } from './pipeline.js';

export function attachmentContent(accepted: AcceptedFile, url: string): Content {
  const { record } = accepted;
  const media = { url, mimeType: record.mimeType, size: record.size, scan: 'clean' as const };
  return accepted.image ? { type: 'image', ...media, alt: record.name } : { type: 'file', ...media, name: record.name };
}

export async function postAttachment(
  deps: { store: Store; outbound: Outbound; now: number },
  conversation: ConversationRecord,
  accepted: AcceptedFile,
  url: string,
): Promise<Message> {
  const { message, duplicate } = await deps.store.appendMessage({
    conversationId: conversation.id,
    clientMsgId: `att-${accepted.record.id}`,
    author: { role: 'customer' },
    content: attachmentContent(accepted, url),
    channel: conversation.channel,
    now: deps.now,
  });
  if (!duplicate) deps.outbound.message(message);
  return message;
}

/** Left messages: the domain's MessageInbox port, by e-mail when MESSAGES_TO and SMTP_URL are set. */
import type { AftercareConfig } from '../config/index.js';
import type { MessageInbox } from '../domain/left-messages.js';
import { mailInbox } from './mail-inbox.js';

export function messageInboxOf(config: Pick<AftercareConfig, 'SMTP_URL' | 'MESSAGES_TO' | 'TRANSCRIPT_FROM'>): {
  messageInbox?: MessageInbox;
} {
  if (!config.SMTP_URL || !config.MESSAGES_TO) return {};
  return { messageInbox: mailInbox(config.SMTP_URL, config.TRANSCRIPT_FROM, config.MESSAGES_TO) };
}

/**
 * A message the customer leaves for agents (out of hours, no agent free, contact center down): handed to the
 * message inbox (the contact center's mailbox) with the customer's details and the conversation so far.
 * The customer's own words stay in the conversation whatever happens, and the audit trail says whether agents
 * were sent them.
 */
import { dataOf } from './conversation-data.js';
import { errInfo } from './failures.js';
import type { Channel, Message } from '@parley/protocol';
import type { ConversationRecord } from './ports.js';
import type { DomainContext } from './service-context.js';

/** A message a customer leaves for agents (out of hours, no agent free, contact center down). */
export interface LeftMessage {
  conversationId: string;
  channel: Channel;
  locale: string;
  /** What the customer wrote. */
  text: string;
  /** What Parley knows of the customer (name, phone, email...). */
  details: Readonly<Record<string, string>>;
  /** The conversation so far, for the agent's context. */
  transcript: readonly Message[];
}

/** Where left messages reach agents: the contact center's mailbox (MESSAGES_TO over SMTP_URL). */
export interface MessageInbox {
  leave(message: LeftMessage): Promise<void>;
}

export async function leaveMessage(c: DomainContext, conv: ConversationRecord, text: string): Promise<void> {
  const { store, messageInbox, logger, clock, settings } = c.deps;
  const audit = (delivered: boolean) =>
    store.appendEvent({ conversationId: conv.id, type: 'message_left', data: { delivered }, now: clock.now() });
  if (text.trim() === '') return audit(false);
  if (!messageInbox) {
    logger.warn({ conversationId: conv.id }, 'a left message stays in the conversation only (MESSAGES_TO is not set)');
    return audit(false);
  }
  try {
    const [details, transcript] = await Promise.all([store.getDetails(conv.visitorId), store.listMessages(conv.id)]);
    await messageInbox.leave({
      conversationId: conv.id,
      channel: conv.channel,
      locale: dataOf(conv).locale ?? settings.defaultLocale,
      text,
      details,
      transcript,
    });
    await audit(true);
  } catch (err) {
    logger.error({ conversationId: conv.id, err: errInfo(err) }, 'a left message could not be sent to agents');
    await audit(false);
  }
}

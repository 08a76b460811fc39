/**
 * Outbound delivery: how a conversation's core reaches the customer, whichever channel the conversation came
 * from. The core says what happened (a message was stored, the view changed, an agent is typing); the channel's
 * adapter decides how that reaches the customer. The web widget's adapter publishes protocol frames to every tab
 * through the fanout; a messaging channel's would post to its aggregator.
 */
import type { Author, ConversationView, Message } from '@parley/protocol';
import type { Fanout } from './ports.js';

export interface Outbound {
  /** A message that was just stored, for every endpoint of its conversation. */
  message(message: Message): void;
  /** The conversation's status, queue place, agents or call changed. */
  view(conversationId: string, view: ConversationView): void;
  /** Someone on the agent side is typing. */
  typing(conversationId: string, author: Author): void;
}

/** The web widget's delivery: each event as a server frame to every tab of the conversation. */
export function fanoutOutbound(fanout: Fanout): Outbound {
  return {
    message: (message) => fanout.publish(message.conversationId, { type: 'message', message }),
    view: (conversationId, view) => fanout.publish(conversationId, { type: 'conversation.view', view }),
    typing: (conversationId, author) => fanout.publish(conversationId, { type: 'typing', author, active: true }),
  };
}

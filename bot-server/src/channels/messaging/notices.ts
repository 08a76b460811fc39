/**
 * Words for the agent's side of a messaging conversation: why a message did not reach the customer (the 24-hour
 * window, a delivery failure), that a template went out. Always kept as a conversation event (the bot's logic and the
 * transcript see it); while an agent has the chat it is also sent to the agent over the contact center, marked as
 * Parley's, since AACC's chat carries text only.
 */
import { randomUUID } from 'node:crypto';
import { statusOf } from '../../domain/conversation-data.js';
import type { ContactCenter, Clock, Store } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';

const AGENT_STATES = new Set(['escalation_requested', 'queued', 'with_agent']);

export class AgentNotices {
  constructor(
    private readonly d: { store: Store; contactCenter: ContactCenter; clock: Clock; logger: ServiceLogger },
  ) {}

  async record(conversationId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.d.store.appendEvent({ conversationId, type, data, now: this.d.clock.now() });
  }

  async tell(conversationId: string, text: string): Promise<void> {
    const { store, contactCenter, logger } = this.d;
    await this.record(conversationId, 'messaging_notice', { text });
    const conv = await store.getConversation(conversationId);
    if (!conv || !AGENT_STATES.has(statusOf(conv))) {
      logger.info({ conversationId }, 'messaging notice kept for the bot side');
      return;
    }
    try {
      await contactCenter.sendMessage(conversationId, `[Parley] ${text}`, `notice-${randomUUID()}`);
    } catch (err) {
      logger.warn(
        { conversationId, err: { message: err instanceof Error ? err.message : String(err) } },
        'notice not sent to the agent',
      );
    }
  }
}

/**
 * "Leave a message instead": a customer still waiting in the contact center's queue QUEUE_OFFER_MESSAGE_AFTER after
 * being queued is offered, in the flow's words (`queueOffer`), one button that withdraws the queued chat and goes on
 * to the flow's leave-a-message form. One timer per queued conversation, on the Clock port, cleared when the
 * conversation leaves the queue. A timer lives in the process that queued the chat: after a fail-over no offer is made.
 */
import type { ConversationStatus } from '@parley/protocol';
import { botTurn } from './bot-turns.js';
import { statusOf } from './conversation-data.js';
import type { MachineEvent } from './conversation-machine.js';
import type { InboundContent } from './customer-input.js';
import { QUEUE_LEAVE_PAYLOAD, type Clock, type TimerHandle } from './ports.js';
import type { DomainContext } from './service-context.js';

export class QueueOfferTimers {
  private readonly timers = new Map<string, TimerHandle>();

  /** `afterMs` 0: never offer. `due` is called (once) for a conversation whose wait reached `afterMs`. */
  constructor(
    private readonly clock: Clock,
    private readonly afterMs: number,
    private readonly due: (conversationId: string) => void,
  ) {}

  /** After every change of state: a chat just queued starts its wait, one that left the queue forgets it. */
  onStateChange(conversationId: string, from: ConversationStatus, to: ConversationStatus): void {
    if (from === 'queued' && to !== 'queued') this.clear(conversationId);
    // Only the first queueing counts: a chat requeued by a transfer has had its agent.
    if (from !== 'escalation_requested' || to !== 'queued' || this.afterMs <= 0) return;
    this.clear(conversationId);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(conversationId);
      this.due(conversationId);
    }, this.afterMs);
    this.timers.set(conversationId, handle);
  }

  /** Conversations whose offer is still to come. */
  get pending(): number {
    return this.timers.size;
  }

  close(): void {
    for (const id of [...this.timers.keys()]) this.clear(id);
  }

  private clear(conversationId: string): void {
    const handle = this.timers.get(conversationId);
    if (handle === undefined) return;
    this.clock.clearTimeout(handle);
    this.timers.delete(conversationId);
  }
}

/** The offer, made by the bot (the flow's words, the customer's language) if the customer is still waiting. */
export async function offerToLeaveMessage(c: DomainContext, conversationId: string): Promise<void> {
  const conv = await c.records.get(conversationId);
  if (statusOf(conv) === 'queued') await botTurn(c, conv, { type: 'event', name: 'queue_wait' }, {}, conv);
}

/**
 * The machine event for what a customer sent: the offer's button leaves the queue while they still wait; pressed
 * after an agent took the chat, it is an ordinary message (the agent reads its label).
 */
export function customerEventOf(content: InboundContent, status: ConversationStatus): MachineEvent {
  const leaving = content.type === 'postback' && content.payload === QUEUE_LEAVE_PAYLOAD;
  return leaving && (status === 'queued' || status === 'escalation_requested')
    ? { type: 'customer_leave_queue' }
    : { type: 'customer_message' };
}

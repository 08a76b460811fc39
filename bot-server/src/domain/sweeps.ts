/**
 * Periodic sweeps over stored conversations: orphans a crash left mid-escalation are handed back to the bot,
 * and bot conversations nobody touched are closed. Each conversation is re-read inside its queue, so a sweep
 * never races the customer or the contact center.
 *
 * The candidates are read a page of ids at a time, already filtered by the database: listing every open
 * conversation's row (10,000 rows, each one's JSON parsed, sorted) to keep the few that were quiet held the event
 * loop for hundreds of milliseconds every minute.
 */
import { dataOf, statusOf } from './conversation-data.js';
import { isAgentSide, transition } from './conversation-machine.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { Store } from './ports.js';
import type { DomainContext } from './service-context.js';

const ESCALATED = ['escalation_requested', 'queued', 'with_agent', 'voice_requested', 'voice_active'];

/** Ids read per query. */
const PAGE = 200;

/** The ids of the conversations in `states` not updated after `quietSince`, a page per query. */
async function* quietConversations(store: Store, states: readonly string[], quietSince: number) {
  for (let afterId: string | undefined; ;) {
    const ids = await store.listQuietConversations(states, quietSince, {
      ...(afterId ? { afterId } : {}),
      limit: PAGE,
    });
    yield* ids;
    if (ids.length < PAGE) return;
    afterId = ids[ids.length - 1];
  }
}

/**
 * Hands back to the bot the conversations a crash left mid-escalation: on the agent side with no
 * contact-center session (the process died before the provider accepted the chat), or on the voice
 * side with no call. Only conversations quiet for `quietMs` are touched, so an escalation still
 * being set up (here or on another instance) is left alone.
 */
export async function recoverOrphans(c: DomainContext, queue: KeyedQueue, quietMs: number): Promise<number> {
  const { store, clock, logger } = c.deps;
  let recovered = 0;
  for await (const id of quietConversations(store, ESCALATED, clock.now() - quietMs)) {
    await queue.run(id, async () => {
      const conv = await c.records.get(id);
      const status = statusOf(conv);
      if (conv.updatedAt > clock.now() - quietMs) return;
      if (isAgentSide(status) && !(await store.getContactCenterSession(conv.id))) {
        recovered++;
        await c.apply(conv.id, { type: 'cc_failed', reason: 'unreachable' }, {}, false, conv);
      } else if ((status === 'voice_requested' || status === 'voice_active') && !dataOf(conv).view?.call) {
        recovered++;
        await c.apply(
          conv.id,
          { type: 'voice_status', status: 'failed' },
          { notifyData: { reason: 'interrupted' } },
          false,
          conv,
        );
      }
    });
  }
  if (recovered > 0) logger.warn({ recovered }, 'conversations interrupted mid-escalation handed back to the bot');
  return recovered;
}

/**
 * Closes bot conversations (`bot`, `collecting`) nobody has touched for `idleMs`: the machine's
 * `idle_timeout`, shown to the customer as `idle_closed`. Conversations owned by an agent or a call
 * are left to the contact center and the dialer.
 */
export async function closeIdle(c: DomainContext, queue: KeyedQueue, idleMs: number): Promise<number> {
  const { store, clock, logger } = c.deps;
  let closed = 0;
  for await (const id of quietConversations(store, ['bot', 'collecting'], clock.now() - idleMs)) {
    await queue.run(id, async () => {
      // Re-read inside the queue: the customer may have written since the listing.
      const conv = await c.records.get(id);
      if (conv.updatedAt > clock.now() - idleMs || !transition(statusOf(conv), { type: 'idle_timeout' }).ok) return;
      closed++;
      await c.apply(conv.id, { type: 'idle_timeout' }, {}, false, conv);
    });
  }
  if (closed > 0) logger.info({ closed }, 'idle bot conversations closed');
  return closed;
}

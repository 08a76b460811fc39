/**
 * The bot's turns: its greeting on a new conversation, and each reply to the customer or to something that
 * happened (no agent answered, the call ended). A turn persists the bot's state, posts its replies, then
 * carries out its actions through the machine.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Author } from '@parley/protocol';
import { dataOf, statusOf } from './conversation-data.js';
import type { ConversationRef } from './conversation-records.js';
import { assertNever } from './failures.js';
import { leaveMessage } from './left-messages.js';
import type { BotInput, ConversationRecord } from './ports.js';
import type { DomainContext, EffectContext } from './service-context.js';

const BOT_AUTHOR: Author = { role: 'bot', id: 'parley' };

/** The greeting, once: only for a conversation nobody has written in and the bot has not started. */
export async function startBot(c: DomainContext, conversationId: string): Promise<void> {
  const conv = await c.records.get(conversationId);
  if (conv.lastSeq !== 0 || dataOf(conv).bot !== undefined || statusOf(conv) !== 'bot') return;
  await botTurn(c, conv, { type: 'start' }, {});
}

/** One bot turn: handle, persist its state, deliver replies, then carry out its actions. */
export async function botTurn(
  c: DomainContext,
  ref: ConversationRef,
  input: BotInput,
  ctx: EffectContext,
  known?: ConversationRecord,
): Promise<void> {
  const { store, bot, clock, settings } = c.deps;
  const conversationId = ref.id;
  let conv = known ?? (await c.records.get(conversationId));
  const data = dataOf(conv);
  const details = await store.getDetails(conv.visitorId);
  const turn = await bot.handle({ state: data.bot, locale: data.locale ?? settings.defaultLocale, details }, input);
  const intent = turn.intent?.name ?? data.lastIntent;
  // The bot's state and its replies are written together: one group commit for the turn, not one per statement.
  const replies = c.records.postAll(conv, BOT_AUTHOR, turn.replies);
  if (!isDeepStrictEqual(data.bot, turn.state) || intent !== data.lastIntent) {
    const updated = c.records.update(
      conversationId,
      (rec) => ({
        data: { ...dataOf(rec), bot: turn.state, ...(intent === undefined ? {} : { lastIntent: intent }) },
      }),
      conv,
    );
    [conv] = await Promise.all([updated, replies]);
  } else {
    await replies;
  }

  // Nothing else changes this conversation while this task runs (per-conversation queue).
  const status = statusOf(conv);
  if (turn.state.pendingForm !== undefined && status === 'bot')
    await c.apply(conversationId, { type: 'bot_form_opened' }, {});
  if (turn.state.pendingForm === undefined && status === 'collecting')
    await c.apply(conversationId, { type: 'bot_form_closed' }, {});

  // Details first: an escalation in the same turn needs them.
  for (const action of turn.actions) {
    if (action.type === 'set_details') await store.setDetails(conv.visitorId, action.details, clock.now());
  }
  for (const action of turn.actions) {
    switch (action.type) {
      case 'set_details':
        break;
      case 'form_invalid':
        ctx.formInvalid?.(action.formId, action.fields);
        break;
      case 'escalate':
        if (action.channel === 'message') {
          await leaveMessage(c, conv, action.details?.['message'] ?? '');
          break;
        }
        if (action.skillset) await c.records.mutate(conversationId, (d) => ({ ...d, skillset: action.skillset }));
        await c.apply(
          conversationId,
          { type: 'escalate', channel: action.channel },
          { ...ctx, ...(action.details ? { escalationDetails: action.details } : {}) },
        );
        break;
      case 'end':
        await c.apply(conversationId, { type: 'customer_end' }, {});
        break;
      default:
        assertNever(action);
    }
  }
}

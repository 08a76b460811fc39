/**
 * Chat escalation to the contact center: starting it with what the bot learned, forwarding the customer's
 * messages, ending it. The contact center's answers come back as events (contact-center-events.ts).
 */
import type { ConversationRef } from './conversation-records.js';
import { dataOf } from './conversation-data.js';
import { escalationRequestOf } from './customer-input.js';
import { errInfo } from './failures.js';
import { botConversationParts } from '../transcripts/bot-conversation.js';
import type { DomainContext, EffectContext } from './service-context.js';

const CHANNEL_LABELS: Readonly<Record<string, string>> = { whatsapp: 'WhatsApp', messenger: 'Messenger', twitter: 'X' };

export async function startEscalation(c: DomainContext, ref: ConversationRef, ctx: EffectContext): Promise<void> {
  const { store, bot, contactCenter, settings, logger } = c.deps;
  const conversationId = ref.id;
  const conv = await c.records.get(conversationId);
  const data = dataOf(conv);
  const locale = data.locale ?? settings.defaultLocale;
  const details = { ...(await store.getDetails(conv.visitorId)), ...ctx.escalationDetails };
  const transcript = await store.listMessages(conversationId);
  const summary = bot.summarize({ state: data.bot, locale, details }, transcript);
  const request = escalationRequestOf({
    conversationId,
    details,
    data,
    summary,
    locale,
    defaultSkillset: settings.defaultSkillset,
    requestTranscript: settings.requestTranscript,
  });
  if (conv.channel !== 'web') {
    // The agent sees where the customer writes from and the name that app shows them.
    const label = CHANNEL_LABELS[conv.channel] ?? conv.channel;
    request.customFields.unshift({ title: 'Channel', value: details['name'] ? `${label}: ${details['name']}` : label });
  }
  const health = contactCenter.health();
  if (!health.ok) {
    // Not a customer's problem to discover by waiting: said at once, while AACC is down.
    logger.info({ conversationId, detail: health.detail }, 'escalation refused: contact center down');
    await c.apply(conversationId, { type: 'cc_failed', reason: 'outage' }, {});
    return;
  }
  try {
    await contactCenter.start(request);
  } catch (err) {
    logger.warn({ conversationId, err: errInfo(err) }, 'escalation could not start');
    await c.apply(conversationId, { type: 'cc_failed', reason: 'unreachable' }, {});
    return;
  }
  // The whole bot conversation reaches the agent as the chat's first messages (the summary field is a digest).
  const parts = botConversationParts(transcript, request.customer.name);
  for (const [i, part] of parts.entries()) await forwardToAgent(c, ref, part, `bot-conversation-${i + 1}`);
}

export async function forwardToAgent(
  c: DomainContext,
  ref: ConversationRef,
  text: string,
  clientMsgId: string,
): Promise<void> {
  try {
    await c.deps.contactCenter.sendMessage(ref.id, text, clientMsgId);
  } catch (err) {
    // The message is stored and acked; the adapter reports a lost session as a `failed` event.
    c.deps.logger.warn({ conversationId: ref.id, err: errInfo(err) }, 'forward to contact center failed');
  }
}

export async function endEscalation(c: DomainContext, ref: ConversationRef): Promise<void> {
  try {
    await c.deps.contactCenter.end(ref.id, 'customer');
  } catch (err) {
    c.deps.logger.warn({ conversationId: ref.id, err: errInfo(err) }, 'contact center end failed');
  }
}

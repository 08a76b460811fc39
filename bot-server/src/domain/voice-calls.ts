/**
 * Voice escalation: asking the voice service to call the customer back with what the bot learned, cancelling
 * a pending call, and turning each call status into the conversation's view and machine events.
 */
import type { ConversationView } from '@parley/protocol';
import { ParleyError } from '../errors.js';
import { dataOf } from './conversation-data.js';
import type { ConversationRef } from './conversation-records.js';
import { errInfo } from './failures.js';
import type { CallRecord } from './ports.js';
import type { DomainContext, EffectContext } from './service-context.js';

export async function startVoice(c: DomainContext, ref: ConversationRef, ctx: EffectContext): Promise<void> {
  const { store, bot, voice, settings, logger } = c.deps;
  const conversationId = ref.id;
  const conv = await c.records.get(conversationId);
  const data = dataOf(conv);
  const details = { ...(await store.getDetails(conv.visitorId)), ...ctx.escalationDetails };
  const phone = details['phone'];
  const fail = (reason: string) =>
    c.apply(conversationId, { type: 'voice_status', status: 'failed' }, { notifyData: { reason } });
  if (!voice) return fail('voice_unavailable');
  if (!phone) return fail('no_phone');
  const locale = data.locale ?? settings.defaultLocale;
  const summary = bot.summarize({ state: data.bot, locale, details }, await store.listMessages(conversationId));
  // The flow gives a scheduled callback time as ISO 8601 (escalate details.callAt); absent = call now.
  const when = details['callAt'] ? Date.parse(details['callAt']) : Number.NaN;
  try {
    const call = await voice.request({
      conversationId,
      visitorId: conv.visitorId,
      name: details['name'] ?? 'Web visitor',
      phone,
      ...(Number.isFinite(when) ? { when } : {}),
      clientAddress: ctx.clientAddress ?? 'unknown',
      idempotencyKey: `${conversationId}:${ctx.clientMsgId ?? conv.lastSeq}`,
      context: [
        { title: 'Bot summary', value: summary },
        ...(data.lastIntent ? [{ title: 'Intent', value: data.lastIntent }] : []),
      ],
    });
    await onCallStatus(c, conversationId, call);
  } catch (err) {
    const code = err instanceof ParleyError ? err.code : 'PARLEY_ERR_VOICE_PROVIDER';
    if (!(err instanceof ParleyError)) logger.warn({ conversationId, err: errInfo(err) }, 'voice request failed');
    await fail(code);
  }
}

export async function cancelPendingCall(c: DomainContext, ref: ConversationRef): Promise<void> {
  const { voice, logger } = c.deps;
  const call = dataOf(await c.records.get(ref.id)).view?.call;
  if (!call || !voice) return;
  try {
    await voice.cancel(ref.id, call.id);
  } catch (err) {
    logger.warn({ conversationId: ref.id, err: errInfo(err) }, 'call cancel failed');
    throw err;
  }
}

/** A call's status: into the view, then through the machine. */
export async function onCallStatus(c: DomainContext, conversationId: string, call: CallRecord): Promise<void> {
  const conv = await c.deps.store.getConversation(conversationId);
  if (!conv) return;
  const known = dataOf(conv).view?.call;
  // The same status may arrive twice (returned by request() and emitted to listeners).
  if (known && known.id === call.id && known.status === call.status) return;
  await c.records.patchView(conv.id, { call: callView(call) });
  await c.apply(
    conv.id,
    { type: 'voice_status', status: call.status },
    {
      notifyData: {
        callId: call.id,
        status: call.status,
        ...(call.scheduledFor === null ? {} : { scheduledFor: call.scheduledFor }),
      },
      viewChanged: true,
    },
  );
}

function callView(call: CallRecord): NonNullable<ConversationView['call']> {
  return {
    id: call.id,
    status: call.status,
    ...(call.scheduledFor === null ? {} : { scheduledFor: call.scheduledFor }),
  };
}

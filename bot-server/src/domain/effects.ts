/**
 * Carries out one effect of the conversation machine: routes the customer's input to the bot or the agent,
 * starts and ends escalations and calls, posts system events, hands the conversation back to the bot.
 */
import type { Author, Content } from '@parley/protocol';
import { botTurn } from './bot-turns.js';
import type { MachineEffect } from './conversation-machine.js';
import type { ConversationRef } from './conversation-records.js';
import { agentTextOf, botInputOf } from './customer-input.js';
import { endEscalation, forwardToAgent, startEscalation } from './escalation.js';
import { assertNever } from './failures.js';
import type { ConversationRecord } from './ports.js';
import type { DomainContext, EffectContext } from './service-context.js';
import { cancelPendingCall, startVoice } from './voice-calls.js';

const SYSTEM_AUTHOR: Author = { role: 'system' };
const AGENT_JOIN_EVENTS = new Set(['agent_joined', 'agent_left', 'transferred', 'conferenced']);

/** `known` is the current record when nothing has changed the conversation since it was read. */
export async function runEffect(
  c: DomainContext,
  ref: ConversationRef,
  effect: MachineEffect,
  ctx: EffectContext,
  known?: ConversationRecord,
): Promise<void> {
  switch (effect.type) {
    case 'route_to_bot': {
      const input = ctx.customerContent && botInputOf(ctx.customerContent);
      if (input) await botTurn(c, ref, input, ctx, known);
      return;
    }
    case 'forward_to_agent':
      if (ctx.customerContent && ctx.clientMsgId)
        await forwardToAgent(c, ref, agentTextOf(ctx.customerContent), ctx.clientMsgId);
      return;
    case 'forward_typing':
      c.deps.contactCenter.sendTyping(ref.id);
      return;
    case 'deliver_agent_message':
      if (ctx.agentMessage) {
        const { author, content, clientMsgId } = ctx.agentMessage;
        await c.records.post(ref, author, content, clientMsgId);
      }
      return;
    case 'start_escalation':
      return startEscalation(c, ref, ctx);
    case 'end_escalation':
      return endEscalation(c, ref);
    case 'start_voice':
      return startVoice(c, ref, ctx);
    case 'cancel_call':
      return cancelPendingCall(c, ref);
    case 'notify': {
      if (AGENT_JOIN_EVENTS.has(effect.event) && !c.deps.settings.sendAgentJoinInfo) return;
      const data = { ...effect.data, ...ctx.notifyData };
      const content: Content = {
        type: 'event',
        event: effect.event,
        ...(Object.keys(data).length > 0 ? { data } : {}),
      };
      return c.records.post(ref, SYSTEM_AUTHOR, content);
    }
    case 'hand_back_to_bot': {
      const reason = ctx.notifyData?.['reason'];
      const data = { ...effect.data, ...(reason === undefined || reason === null ? {} : { reason: String(reason) }) };
      return botTurn(
        c,
        ref,
        { type: 'event', name: effect.reason, ...(Object.keys(data).length > 0 ? { data } : {}) },
        {},
      );
    }
    default:
      return assertNever(effect);
  }
}

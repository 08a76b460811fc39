/**
 * The conversation lifecycle as a pure state machine: `transition(state, event) -> { state, effects }`.
 * No I/O and no clock reads: effects are data that the conversation service carries out.
 *
 *   bot <-> collecting                    (the bot opens / closes a form)
 *   bot|collecting -> escalation_requested -> queued -> with_agent   (chat escalation)
 *   with_agent -> queued -> with_agent    (last agent left without ending: a transfer or requeue, announced
 *                                          as `transferred`; the next agent is announced as taking over)
 *   escalation_requested|queued|with_agent -> bot  (contact center failed: the bot takes over again)
 *   escalation_requested|queued -> bot    (the customer chose to leave a message instead of waiting)
 *   bot|collecting -> voice_requested -> voice_active -> bot          (voice callback)
 *   any -> ended                          (customer, agent, idle or system end)
 *
 * While an agent owns the conversation (escalation_requested, queued, with_agent) the bot is silent:
 * customer text is forwarded to the contact center, whose adapter buffers it until an agent joins.
 * Illegal transitions are returned as a coded ParleyError, never silently ignored.
 */
import type { CallStatus, ConversationStatus, EventName } from '@parley/protocol';
import { ParleyError } from '../errors.js';
import { assertNever } from './failures.js';
import type { BotInput, ContactCenterEvent } from './ports.js';

export type HandBackReason = Extract<BotInput, { type: 'event' }>['name'];

export type MachineEvent =
  | { type: 'customer_message' }
  | { type: 'customer_typing' }
  | { type: 'bot_form_opened' }
  | { type: 'bot_form_closed' }
  | { type: 'escalate'; channel: 'chat' | 'voice' }
  | { type: 'cc_queued'; position?: number }
  /** `afterTransfer`: the customer was handed on (the previous agent left without ending the chat). */
  | { type: 'cc_agent_joined'; participants: number; afterTransfer?: boolean }
  | { type: 'cc_agent_left'; remaining: number }
  | { type: 'cc_agent_message' }
  | { type: 'cc_connection'; up: boolean }
  | { type: 'cc_failed'; reason: Extract<ContactCenterEvent, { type: 'failed' }>['reason'] }
  | { type: 'cc_ended'; by: 'agent' | 'customer' | 'idle' | 'system' }
  | { type: 'voice_status'; status: CallStatus }
  | { type: 'customer_cancel_call' }
  | { type: 'customer_end' }
  /** A waiting customer took the offer to leave a message instead (see queue-offer.ts). */
  | { type: 'customer_leave_queue' }
  | { type: 'idle_timeout' };

export type MachineEffect =
  /** Give the customer's input to the bot. */
  | { type: 'route_to_bot' }
  /** Send the customer's input to the contact center (buffered there until an agent joins). */
  | { type: 'forward_to_agent' }
  | { type: 'forward_typing' }
  /** Deliver the agent's message to the customer. */
  | { type: 'deliver_agent_message' }
  | { type: 'start_escalation' }
  | { type: 'end_escalation' }
  | { type: 'start_voice' }
  | { type: 'cancel_call' }
  /** Record a system event in the conversation (shown to the customer). */
  | { type: 'notify'; event: EventName; data?: Record<string, string | number | boolean | null> }
  /** The bot takes the conversation back and reacts to why. */
  | { type: 'hand_back_to_bot'; reason: HandBackReason; data?: Record<string, string> };

export type TransitionResult =
  { ok: true; state: ConversationStatus; effects: MachineEffect[] } | { ok: false; error: ParleyError };

const AGENT_SIDE: ReadonlySet<ConversationStatus> = new Set(['escalation_requested', 'queued', 'with_agent']);
const VOICE_SIDE: ReadonlySet<ConversationStatus> = new Set(['voice_requested', 'voice_active']);
const BOT_SIDE: ReadonlySet<ConversationStatus> = new Set(['bot', 'collecting']);

/** True while a contact-center agent (or the queue) owns the conversation and the bot must stay silent. */
export function isAgentSide(state: ConversationStatus): boolean {
  return AGENT_SIDE.has(state);
}

function ok(state: ConversationStatus, ...effects: MachineEffect[]): TransitionResult {
  return { ok: true, state, effects };
}

function illegal(state: ConversationStatus, event: MachineEvent): TransitionResult {
  if (state === 'ended') {
    return {
      ok: false,
      error: new ParleyError('PARLEY_ERR_CONVERSATION_ENDED', undefined, { state, event: event.type }),
    };
  }
  return {
    ok: false,
    error: new ParleyError(
      'PARLEY_ERR_ILLEGAL_TRANSITION',
      `"${event.type}" is not possible while the conversation is ${state}.`,
      { state, event: event.type },
    ),
  };
}

function voiceStatus(
  state: ConversationStatus,
  event: Extract<MachineEvent, { type: 'voice_status' }>,
): TransitionResult {
  if (!VOICE_SIDE.has(state)) return illegal(state, event);
  const notify: MachineEffect = { type: 'notify', event: 'call_status', data: { status: event.status } };
  const s = event.status;
  switch (s) {
    case 'requested':
    case 'scheduled':
      // A call that is already ringing cannot go back to pending.
      return state === 'voice_requested' ? ok('voice_requested', notify) : illegal(state, event);
    case 'dialling':
    case 'ringing':
    case 'connected':
      return ok('voice_active', notify);
    case 'completed':
      return ok('bot', notify, { type: 'hand_back_to_bot', reason: 'voice_ended' });
    case 'no_answer':
    case 'busy':
    case 'failed':
      return ok('bot', notify, { type: 'hand_back_to_bot', reason: 'voice_failed' });
    case 'cancelled':
      return ok('bot', notify);
    default:
      return assertNever(s);
  }
}

/** The one transition function. Pure: same input, same output. */
export function transition(state: ConversationStatus, event: MachineEvent): TransitionResult {
  if (state === 'ended') return illegal(state, event);
  switch (event.type) {
    case 'customer_message':
      if (isAgentSide(state)) return ok(state, { type: 'forward_to_agent' });
      // The bot keeps answering while a callback is pending or the call is on.
      return ok(state, { type: 'route_to_bot' });
    case 'customer_typing':
      return ok(state, ...(state === 'with_agent' ? [{ type: 'forward_typing' } as const] : []));
    case 'bot_form_opened':
      return state === 'bot' || state === 'collecting' ? ok('collecting') : illegal(state, event);
    case 'bot_form_closed':
      return state === 'collecting' || state === 'bot' ? ok('bot') : illegal(state, event);
    case 'escalate':
      if (!BOT_SIDE.has(state)) return illegal(state, event);
      return event.channel === 'chat'
        ? ok(
            'escalation_requested',
            { type: 'notify', event: 'escalation_requested', data: { channel: 'chat' } },
            { type: 'start_escalation' },
          )
        : ok('voice_requested', { type: 'start_voice' });
    case 'cc_queued': {
      // A position only means something from 1 up (0: being offered to an agent, e.g. mid-transfer).
      const position = event.position !== undefined && event.position >= 1 ? { position: event.position } : undefined;
      if (state === 'escalation_requested')
        return ok('queued', { type: 'notify', event: 'queued', ...(position ? { data: position } : {}) });
      if (state === 'queued')
        return position ? ok('queued', { type: 'notify', event: 'queue_position', data: position }) : ok('queued');
      return illegal(state, event);
    }
    case 'cc_agent_joined':
      if (state === 'escalation_requested' || state === 'queued') {
        return ok('with_agent', {
          type: 'notify',
          event: 'agent_joined',
          ...(event.afterTransfer ? { data: { transfer: true } } : {}),
        });
      }
      // With an agent present, a newcomer either joins (conference) or replaces the agent (a direct takeover).
      if (state === 'with_agent') {
        return ok(
          'with_agent',
          event.participants > 1
            ? { type: 'notify', event: 'conferenced' }
            : { type: 'notify', event: 'agent_joined', data: { transfer: true } },
        );
      }
      return illegal(state, event);
    case 'cc_agent_left':
      if (state !== 'with_agent') return illegal(state, event);
      if (event.remaining > 0)
        return ok('with_agent', { type: 'notify', event: 'agent_left', data: { remaining: event.remaining } });
      // The last agent left without ending the chat (EWC: participantLeave, endChatFlag false, participants []):
      // AACC is transferring or requeueing it; the customer is told and waits again.
      return ok('queued', { type: 'notify', event: 'transferred', data: { phase: 'started' } });
    case 'cc_agent_message':
      return isAgentSide(state) ? ok(state, { type: 'deliver_agent_message' }) : illegal(state, event);
    case 'cc_connection':
      if (!isAgentSide(state)) return illegal(state, event);
      return ok(state, { type: 'notify', event: event.up ? 'contact_center_restored' : 'contact_center_lost' });
    case 'cc_failed':
      if (!isAgentSide(state)) return illegal(state, event);
      // An expired chat is not "no agent available": the bot says what happened and what can be done.
      // The contact center is down (health probe): said plainly, with a callback or a message offered.
      if (event.reason === 'outage')
        return ok('bot', { type: 'hand_back_to_bot', reason: 'contact_center_lost', data: { reason: event.reason } });
      if (event.reason === 'session_expired')
        return ok('bot', { type: 'hand_back_to_bot', reason: 'agent_chat_expired', data: { reason: event.reason } });
      // Lost mid-chat past the reconnect window: not "no agent" either; the bot says what happens to the chat.
      if (event.reason === 'unreachable' && state !== 'escalation_requested')
        return ok('bot', { type: 'hand_back_to_bot', reason: 'agent_chat_lost', data: { reason: event.reason } });
      return ok(
        'bot',
        { type: 'notify', event: 'agent_unavailable', data: { reason: event.reason } },
        { type: 'hand_back_to_bot', reason: 'handoff_failed', data: { reason: event.reason } },
      );
    case 'cc_ended':
      if (!isAgentSide(state)) return illegal(state, event);
      return ok('ended', {
        type: 'notify',
        event: event.by === 'idle' ? 'idle_closed' : 'conversation_ended',
        data: { by: event.by },
      });
    case 'voice_status':
      return voiceStatus(state, event);
    case 'customer_cancel_call':
      return state === 'voice_requested' ? ok(state, { type: 'cancel_call' }) : illegal(state, event);
    case 'customer_end':
      return ok(
        'ended',
        ...(isAgentSide(state) ? [{ type: 'end_escalation' } as const] : []),
        ...(state === 'voice_requested' ? [{ type: 'cancel_call' } as const] : []),
        { type: 'notify', event: 'conversation_ended', data: { by: 'customer' } },
      );
    case 'customer_leave_queue':
      // The queued contact is withdrawn from the contact center; the bot goes on to the flow's message form.
      return state === 'queued' || state === 'escalation_requested'
        ? ok('bot', { type: 'end_escalation' }, { type: 'hand_back_to_bot', reason: 'queue_left' })
        : illegal(state, event);
    case 'idle_timeout':
      return BOT_SIDE.has(state)
        ? ok('ended', { type: 'notify', event: 'idle_closed', data: { by: 'idle' } })
        : illegal(state, event);
    default:
      return assertNever(event);
  }
}

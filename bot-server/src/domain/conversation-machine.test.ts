import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationStatusSchema, type CallStatus, type ConversationStatus } from '@parley/protocol';
import { isAgentSide, transition, type MachineEffect, type MachineEvent } from './conversation-machine.js';

const STATES = ConversationStatusSchema.options as readonly ConversationStatus[];

/** One example of every event type. */
const EVENTS: MachineEvent[] = [
  { type: 'customer_message' },
  { type: 'customer_typing' },
  { type: 'bot_form_opened' },
  { type: 'bot_form_closed' },
  { type: 'escalate', channel: 'chat' },
  { type: 'escalate', channel: 'voice' },
  { type: 'cc_queued', position: 3 },
  { type: 'cc_agent_joined', participants: 1 },
  { type: 'cc_agent_left', remaining: 0 },
  { type: 'cc_agent_message' },
  { type: 'cc_connection', up: false },
  { type: 'cc_failed', reason: 'no_agent' },
  { type: 'cc_ended', by: 'agent' },
  { type: 'voice_status', status: 'ringing' },
  { type: 'customer_cancel_call' },
  { type: 'customer_end' },
  { type: 'idle_timeout' },
];

function step(state: ConversationStatus, event: MachineEvent): { state: ConversationStatus; effects: MachineEffect[] } {
  const r = transition(state, event);
  if (!r.ok) assert.fail(`expected ${event.type} to be legal in ${state}, got ${r.error.code}`);
  return r;
}

function refused(state: ConversationStatus, event: MachineEvent): string {
  const r = transition(state, event);
  assert.equal(r.ok, false, `expected ${event.type} to be refused in ${state}`);
  return r.ok ? '' : r.error.code;
}

const types = (effects: MachineEffect[]) =>
  effects.map((e) =>
    e.type === 'notify' ? `notify:${e.event}` : e.type === 'hand_back_to_bot' ? `hand_back:${e.reason}` : e.type,
  );

describe('conversation machine', () => {
  test('routes customer text to the bot on the bot side and to the agent on the agent side', () => {
    for (const s of ['bot', 'collecting', 'voice_requested', 'voice_active'] as const) {
      assert.deepEqual(types(step(s, { type: 'customer_message' }).effects), ['route_to_bot']);
    }
    for (const s of ['escalation_requested', 'queued', 'with_agent'] as const) {
      const r = step(s, { type: 'customer_message' });
      assert.equal(r.state, s);
      assert.deepEqual(
        types(r.effects),
        ['forward_to_agent'],
        'the bot stays silent while an agent owns the conversation',
      );
    }
  });

  test('the bot never gets customer input while an agent owns the conversation', () => {
    for (const s of STATES.filter(isAgentSide)) {
      for (const e of EVENTS) {
        const r = transition(s, e);
        if (r.ok && r.state === s) assert.ok(!types(r.effects).includes('route_to_bot'), `${s} + ${e.type}`);
      }
    }
  });

  test('form open and close move between bot and collecting', () => {
    assert.equal(step('bot', { type: 'bot_form_opened' }).state, 'collecting');
    assert.equal(step('collecting', { type: 'bot_form_closed' }).state, 'bot');
    assert.equal(refused('with_agent', { type: 'bot_form_opened' }), 'PARLEY_ERR_ILLEGAL_TRANSITION');
  });

  test('chat escalation: requested -> queued -> with agent, with events', () => {
    let r = step('collecting', { type: 'escalate', channel: 'chat' });
    assert.equal(r.state, 'escalation_requested');
    assert.deepEqual(types(r.effects), ['notify:escalation_requested', 'start_escalation']);
    r = step(r.state, { type: 'cc_queued', position: 2 });
    assert.equal(r.state, 'queued');
    assert.deepEqual(r.effects, [{ type: 'notify', event: 'queued', data: { position: 2 } }]);
    r = step(r.state, { type: 'cc_queued', position: 1 });
    assert.deepEqual(r.effects, [{ type: 'notify', event: 'queue_position', data: { position: 1 } }]);
    r = step(r.state, { type: 'cc_agent_joined', participants: 1 });
    assert.equal(r.state, 'with_agent');
    assert.deepEqual(types(r.effects), ['notify:agent_joined']);
  });

  test('an agent may join straight from escalation_requested (no queue notification)', () => {
    assert.equal(step('escalation_requested', { type: 'cc_agent_joined', participants: 1 }).state, 'with_agent');
  });

  test('joins while with an agent are conferences or takeovers', () => {
    assert.deepEqual(types(step('with_agent', { type: 'cc_agent_joined', participants: 2 }).effects), [
      'notify:conferenced',
    ]);
    assert.deepEqual(step('with_agent', { type: 'cc_agent_joined', participants: 1 }).effects, [
      { type: 'notify', event: 'agent_joined', data: { transfer: true } },
    ]);
  });

  test('an agent leaving a conference is announced; the chat stays with the remaining agent', () => {
    const r = step('with_agent', { type: 'cc_agent_left', remaining: 1 });
    assert.equal(r.state, 'with_agent');
    assert.deepEqual(r.effects, [{ type: 'notify', event: 'agent_left', data: { remaining: 1 } }]);
  });

  test('EWC transfer (last agent leaves without ending, then a new agent joins): announced as a transfer, then a takeover', () => {
    let r = step('with_agent', { type: 'cc_agent_left', remaining: 0 });
    assert.equal(r.state, 'queued', 'the customer waits again while AACC routes the chat');
    assert.deepEqual(r.effects, [{ type: 'notify', event: 'transferred', data: { phase: 'started' } }]);
    // AACC reports position 0 while the chat is offered to the new agent: nothing to tell the customer.
    r = step(r.state, { type: 'cc_queued', position: 0 });
    assert.deepEqual(r, { ok: true, state: 'queued', effects: [] });
    r = step(r.state, { type: 'cc_agent_joined', participants: 1, afterTransfer: true });
    assert.equal(r.state, 'with_agent');
    assert.deepEqual(r.effects, [{ type: 'notify', event: 'agent_joined', data: { transfer: true } }]);
  });

  test('no queue position is announced unless it is 1 or more', () => {
    for (const position of [0, -1, undefined]) {
      const ev: MachineEvent = position === undefined ? { type: 'cc_queued' } : { type: 'cc_queued', position };
      assert.deepEqual(step('queued', ev).effects, [], `position ${String(position)} while queued`);
      assert.deepEqual(
        step('escalation_requested', ev).effects,
        [{ type: 'notify', event: 'queued' }],
        `position ${String(position)} on the first queue report`,
      );
    }
  });

  test('a failed escalation tells the customer and hands back to the bot, from every agent-side state', () => {
    for (const s of ['escalation_requested', 'queued', 'with_agent'] as const) {
      const r = step(s, { type: 'cc_failed', reason: 'rejected' });
      assert.equal(r.state, 'bot');
      assert.deepEqual(r.effects, [
        { type: 'notify', event: 'agent_unavailable', data: { reason: 'rejected' } },
        { type: 'hand_back_to_bot', reason: 'handoff_failed', data: { reason: 'rejected' } },
      ]);
    }
  });

  test('AACC unreachable: before the chat existed "no agent"; lost mid-chat, the bot says the chat was lost', () => {
    assert.deepEqual(step('escalation_requested', { type: 'cc_failed', reason: 'unreachable' }).effects, [
      { type: 'notify', event: 'agent_unavailable', data: { reason: 'unreachable' } },
      { type: 'hand_back_to_bot', reason: 'handoff_failed', data: { reason: 'unreachable' } },
    ]);
    for (const s of ['queued', 'with_agent'] as const) {
      const r = step(s, { type: 'cc_failed', reason: 'unreachable' });
      assert.equal(r.state, 'bot');
      assert.deepEqual(r.effects, [
        { type: 'hand_back_to_bot', reason: 'agent_chat_lost', data: { reason: 'unreachable' } },
      ]);
    }
  });

  test('an expired agent chat (resume refused, EWC code 2) is not "no agent available": the bot says it expired', () => {
    for (const s of ['queued', 'with_agent'] as const) {
      const r = step(s, { type: 'cc_failed', reason: 'session_expired' });
      assert.equal(r.state, 'bot');
      assert.deepEqual(r.effects, [
        { type: 'hand_back_to_bot', reason: 'agent_chat_expired', data: { reason: 'session_expired' } },
      ]);
    }
  });

  test('contact center end closes the conversation; idle end is reported as idle_closed', () => {
    assert.deepEqual(step('with_agent', { type: 'cc_ended', by: 'agent' }), {
      state: 'ended',
      effects: [{ type: 'notify', event: 'conversation_ended', data: { by: 'agent' } }],
      ok: true,
    });
    assert.deepEqual(types(step('queued', { type: 'cc_ended', by: 'idle' }).effects), ['notify:idle_closed']);
  });

  test('agent messages, typing and connection notices are only legal on the agent side', () => {
    assert.deepEqual(types(step('with_agent', { type: 'cc_agent_message' }).effects), ['deliver_agent_message']);
    assert.deepEqual(types(step('with_agent', { type: 'customer_typing' }).effects), ['forward_typing']);
    assert.deepEqual(step('bot', { type: 'customer_typing' }).effects, []);
    assert.deepEqual(types(step('queued', { type: 'cc_connection', up: false }).effects), [
      'notify:contact_center_lost',
    ]);
    assert.deepEqual(types(step('queued', { type: 'cc_connection', up: true }).effects), [
      'notify:contact_center_restored',
    ]);
    assert.equal(refused('bot', { type: 'cc_agent_message' }), 'PARLEY_ERR_ILLEGAL_TRANSITION');
    assert.equal(refused('bot', { type: 'cc_connection', up: true }), 'PARLEY_ERR_ILLEGAL_TRANSITION');
  });

  test('voice: requested -> active -> back to the bot, every call status handled', () => {
    const r = step('bot', { type: 'escalate', channel: 'voice' });
    assert.equal(r.state, 'voice_requested');
    assert.deepEqual(types(r.effects), ['start_voice']);
    const expected: Record<
      CallStatus,
      { from: ConversationStatus; to: ConversationStatus | 'refused'; extra?: string }
    > = {
      requested: { from: 'voice_requested', to: 'voice_requested' },
      scheduled: { from: 'voice_requested', to: 'voice_requested' },
      dialling: { from: 'voice_requested', to: 'voice_active' },
      ringing: { from: 'voice_requested', to: 'voice_active' },
      connected: { from: 'voice_active', to: 'voice_active' },
      completed: { from: 'voice_active', to: 'bot', extra: 'hand_back:voice_ended' },
      no_answer: { from: 'voice_active', to: 'bot', extra: 'hand_back:voice_failed' },
      busy: { from: 'voice_requested', to: 'bot', extra: 'hand_back:voice_failed' },
      failed: { from: 'voice_requested', to: 'bot', extra: 'hand_back:voice_failed' },
      cancelled: { from: 'voice_requested', to: 'bot' },
    };
    for (const [status, exp] of Object.entries(expected) as Array<[CallStatus, (typeof expected)[CallStatus]]>) {
      const out = step(exp.from, { type: 'voice_status', status });
      assert.equal(out.state, exp.to, status);
      assert.deepEqual(types(out.effects), ['notify:call_status', ...(exp.extra ? [exp.extra] : [])], status);
    }
    assert.equal(
      refused('voice_active', { type: 'voice_status', status: 'scheduled' }),
      'PARLEY_ERR_ILLEGAL_TRANSITION',
    );
    assert.equal(refused('bot', { type: 'voice_status', status: 'ringing' }), 'PARLEY_ERR_ILLEGAL_TRANSITION');
  });

  test('cancelling a call is only possible while it is pending', () => {
    assert.deepEqual(types(step('voice_requested', { type: 'customer_cancel_call' }).effects), ['cancel_call']);
    assert.equal(refused('voice_active', { type: 'customer_cancel_call' }), 'PARLEY_ERR_ILLEGAL_TRANSITION');
    assert.equal(refused('bot', { type: 'customer_cancel_call' }), 'PARLEY_ERR_ILLEGAL_TRANSITION');
  });

  test('customer end ends from every live state and cleans up what is running', () => {
    for (const s of STATES.filter((x) => x !== 'ended')) {
      const r = step(s, { type: 'customer_end' });
      assert.equal(r.state, 'ended');
      const t = types(r.effects);
      assert.equal(t.at(-1), 'notify:conversation_ended');
      assert.equal(t.includes('end_escalation'), isAgentSide(s), s);
      assert.equal(t.includes('cancel_call'), s === 'voice_requested', s);
    }
  });

  test('idle timeout ends bot-side conversations only (the contact center owns agent-side idling)', () => {
    assert.equal(step('bot', { type: 'idle_timeout' }).state, 'ended');
    assert.equal(refused('with_agent', { type: 'idle_timeout' }), 'PARLEY_ERR_ILLEGAL_TRANSITION');
  });

  test('escalating twice is illegal', () => {
    for (const s of ['escalation_requested', 'queued', 'with_agent', 'voice_requested', 'voice_active'] as const) {
      assert.equal(refused(s, { type: 'escalate', channel: 'chat' }), 'PARLEY_ERR_ILLEGAL_TRANSITION', s);
    }
  });

  test('an ended conversation refuses every event with PARLEY_ERR_CONVERSATION_ENDED', () => {
    for (const e of EVENTS) assert.equal(refused('ended', e), 'PARLEY_ERR_CONVERSATION_ENDED', e.type);
  });

  test('every state x event pair is either a legal transition or a coded refusal, deterministically', () => {
    let legal = 0;
    let illegal = 0;
    for (const s of STATES) {
      for (const e of EVENTS) {
        const a = transition(s, e);
        const b = transition(s, e);
        assert.equal(a.ok, b.ok);
        if (a.ok && b.ok) {
          legal++;
          assert.ok(STATES.includes(a.state));
          assert.deepEqual(a, b);
        } else if (!a.ok) {
          illegal++;
          assert.match(a.error.code, /^PARLEY_ERR_(ILLEGAL_TRANSITION|CONVERSATION_ENDED)$/);
          assert.equal(a.error.status, 409);
        }
      }
    }
    assert.ok(legal > 40 && illegal > 40, `legal ${legal}, illegal ${illegal}`);
  });
});

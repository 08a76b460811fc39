import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Phase, type PhaseEvent, SOCKET_PHASES, transition } from './session-machine.js';

const run = (events: PhaseEvent[], from: Phase = 'idle'): Phase =>
  events.reduce<Phase>((phase, e) => {
    const r = transition(phase, e);
    assert.ok(r.ok, `${phase} --${e.type}--> illegal`);
    return r.phase;
  }, from);

const ALL: Phase[] = ['idle', 'connecting', 'requested', 'queued', 'active', 'reconnecting', 'closing', 'closed'];

describe('EWC session phase machine', () => {
  test('happy path: idle -> connecting -> requested -> queued -> active -> closing -> closed', () => {
    assert.equal(
      run([{ type: 'start' }, { type: 'socket_open' }, { type: 'accepted', agentsPresent: false }]),
      'queued',
    );
    assert.equal(run([{ type: 'agents_changed', agentsPresent: true }], 'queued'), 'active');
    assert.equal(run([{ type: 'agents_changed', agentsPresent: false }], 'active'), 'queued');
    assert.equal(run([{ type: 'end' }, { type: 'closed' }], 'active'), 'closed');
  });

  test('resume after a drop: active -> reconnecting -> connecting -> requested -> active', () => {
    assert.equal(
      run(
        [
          { type: 'socket_lost', resumable: true, attemptsLeft: true },
          { type: 'retry' },
          { type: 'socket_open' },
          { type: 'accepted', agentsPresent: true },
        ],
        'active',
      ),
      'active',
    );
  });

  test('a failed reconnect attempt goes back to reconnecting, or closed when the budget is spent', () => {
    assert.equal(run([{ type: 'socket_lost', resumable: true, attemptsLeft: true }], 'connecting'), 'reconnecting');
    assert.equal(run([{ type: 'socket_lost', resumable: true, attemptsLeft: false }], 'requested'), 'closed');
  });

  test('an initial connection that fails is not resumable', () => {
    assert.equal(run([{ type: 'socket_lost', resumable: false, attemptsLeft: true }], 'connecting'), 'closed');
  });

  test('recover: idle -> reconnecting -> connecting', () => {
    assert.equal(run([{ type: 'recover' }, { type: 'retry' }]), 'connecting');
  });

  test('a socket can only be opened from idle or reconnecting (never a second socket)', () => {
    for (const phase of ALL) {
      const start = transition(phase, { type: 'start' });
      const retry = transition(phase, { type: 'retry' });
      const opensSocket = (start.ok && start.phase === 'connecting') || (retry.ok && retry.phase === 'connecting');
      assert.equal(opensSocket, phase === 'idle' || phase === 'reconnecting', phase);
      if (opensSocket) assert.ok(!SOCKET_PHASES.has(phase), `${phase} must not already hold a socket`);
    }
  });

  test('illegal transitions are reported, not applied', () => {
    assert.deepEqual(transition('active', { type: 'start' }), { ok: false, phase: 'active', event: 'start' });
    assert.deepEqual(transition('queued', { type: 'socket_open' }), {
      ok: false,
      phase: 'queued',
      event: 'socket_open',
    });
    assert.deepEqual(transition('idle', { type: 'accepted', agentsPresent: true }), {
      ok: false,
      phase: 'idle',
      event: 'accepted',
    });
    assert.deepEqual(transition('reconnecting', { type: 'socket_lost', resumable: true, attemptsLeft: true }), {
      ok: false,
      phase: 'reconnecting',
      event: 'socket_lost',
    });
    assert.deepEqual(transition('closing', { type: 'end' }), { ok: false, phase: 'closing', event: 'end' });
  });

  test('closed is terminal', () => {
    const events: PhaseEvent[] = [
      { type: 'start' },
      { type: 'recover' },
      { type: 'retry' },
      { type: 'socket_open' },
      { type: 'end' },
      { type: 'fail' },
      { type: 'closed' },
      { type: 'agents_changed', agentsPresent: true },
    ];
    for (const e of events) assert.equal(transition('closed', e).ok, false, e.type);
  });

  test('end and fail are accepted from every live phase', () => {
    for (const phase of ALL.filter((p) => p !== 'closed')) {
      assert.equal(transition(phase, { type: 'fail' }).phase, 'closed');
      if (phase !== 'closing') assert.equal(transition(phase, { type: 'end' }).phase, 'closing');
    }
  });
});

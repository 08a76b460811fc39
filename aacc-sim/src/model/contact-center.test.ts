import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveOptions, type SimOptions } from '../options.js';
import { ManualClock } from '../testing/manual-clock.js';
import { ContactCenter } from './contact-center.js';
import type { SimEvent } from './events.js';
import type { Contact } from './types.js';

function center(opts: SimOptions = {}): { cc: ContactCenter; events: SimEvent[] } {
  const cc = new ContactCenter(resolveOptions(opts));
  const events: SimEvent[] = [];
  cc.events.on('event', (e: SimEvent) => events.push(e));
  return { cc, events };
}

function chat(cc: ContactCenter, email: string, skillset?: string): Contact {
  const c = cc.createChat({ skillset, customer: { name: 'C', email, customFields: [] }, requestTranscript: false });
  cc.submit(c);
  return c;
}

describe('ContactCenter', () => {
  test('autoAnswer: an offered chat is answered at once (newParticipant right after the offer)', () => {
    const { cc, events } = center({ autoAnswer: true });
    cc.desk.login('5001', 'agent');
    cc.desk.setReady('5001', true);
    const c = chat(cc, 'a@x');
    assert.equal(c.state, 'active');
    assert.deepEqual(
      events.filter((e) => 'contactId' in e).map((e) => e.type),
      ['contact_queued', 'contact_offered', 'participant_joined', 'contact_answered'],
    );
    cc.dispose();
  });

  test('logout is refused while the agent handles a contact; allowed once it is closed', () => {
    const { cc } = center();
    cc.desk.login('5001', 'agent');
    cc.desk.setReady('5001', true);
    const c = chat(cc, 'a@x');
    cc.desk.answer('5001', c.id);
    assert.throws(() => cc.desk.logout('5001'), { code: 'conflict' });
    cc.desk.close('5001', c.id);
    cc.desk.logout('5001');
    assert.equal(cc.agentsSnapshot().find((a) => a.id === '5001')?.loggedIn, false);
    cc.dispose();
  });

  test('an unknown or voice skillset is refused for chat; an empty one means WC_Default_Skillset', () => {
    const { cc } = center();
    const customer = { name: 'C', customFields: [] };
    for (const skillset of ['WC_Nope', 'VOICE_Default_Skillset']) {
      assert.throws(() => cc.createChat({ skillset, customer, requestTranscript: false }), {
        code: 'bad_request',
        message: /Unknown skillset/,
      });
    }
    const c = cc.createChat({ skillset: '', customer, requestTranscript: false });
    assert.equal(c.skillset, 'WC_Default_Skillset');
    cc.dispose();
  });

  test('an agent holds at most one voice contact; a second callback waits', () => {
    const { cc } = center({ agents: [{ id: '5001', name: 'A' }] });
    cc.desk.login('5001', 'agent');
    cc.desk.setReady('5001', true);
    const customer = { name: 'V', phone: '+3531', customFields: [] };
    const v1 = cc.createVoice({ callbackId: 'CB1', skillset: 'VOICE_Default_Skillset', customer, dueAt: 0 });
    const v2 = cc.createVoice({ callbackId: 'CB2', skillset: 'VOICE_Default_Skillset', customer, dueAt: 0 });
    assert.equal(v1.state, 'ringing');
    assert.equal(v2.state, 'queued');
    cc.desk.answer('5001', v1.id);
    assert.throws(() => cc.desk.say('5001', v1.id, 'hi'), { code: 'conflict' }, 'chat actions do not apply to calls');
    const c = chat(cc, 'chat@x');
    assert.equal(c.state, 'offered', 'chats still fit beside a call');
    cc.desk.close('5001', v1.id);
    assert.equal(v1.outcome, 'completed');
    assert.equal(v2.state, 'ringing');
    cc.dispose();
  });

  test('a callback nobody can take fails after voice.queueTimeoutMs', () => {
    const clock = new ManualClock();
    const { cc, events } = center({ clock });
    const v = cc.createVoice({
      callbackId: 'CB1',
      skillset: 'VOICE_Billing',
      customer: { name: 'V', customFields: [] },
      dueAt: 0,
    });
    clock.advance(600_000 - 1);
    assert.equal(v.state, 'queued', 'still waiting just before the default queue timeout');
    clock.advance(1);
    assert.equal(v.state, 'closed');
    assert.equal(v.outcome, 'failed');
    assert.deepEqual(
      events.filter((e) => e.type === 'callback_status').map((e) => e.type === 'callback_status' && e.status),
      ['dialling', 'failed'],
    );
    cc.dispose();
  });

  test('estimated wait follows the rolling average handle time', () => {
    const { cc } = center({ averageHandleSeconds: 60, agents: [{ id: '5001', name: 'A', maxChats: 1 }] });
    cc.desk.login('5001', 'agent');
    cc.desk.setReady('5001', true);
    chat(cc, 'first@x');
    const waiting = chat(cc, 'second@x');
    assert.deepEqual(cc.queueStatus(waiting), { positionInQueue: 1, estimatedWaitTime: 60 });
    cc.dispose();
  });

  test('every contact event carries contactId, guid and at', () => {
    const { cc, events } = center();
    cc.desk.login('5001', 'agent');
    cc.desk.setReady('5001', true);
    const c = chat(cc, 'a@x');
    cc.desk.answer('5001', c.id);
    cc.desk.say('5001', c.id, 'hi');
    for (const e of events) {
      assert.equal(typeof e.at, 'number');
      if (e.type !== 'agent_state') {
        assert.equal(e.contactId, c.id);
        assert.equal(e.guid, c.guid);
      }
    }
    cc.dispose();
  });

  test('customer-side refusals are coded errors: not_started, limit, session_invalid', () => {
    const { cc } = center({ earlyMessages: 'reject', maxChatsPerCustomer: 1 });
    const c = chat(cc, 'a@x');
    assert.throws(() => cc.customerMessage(c, 'too early'), { code: 'not_started', message: 'Chat not started' });
    assert.throws(() => chat(cc, 'A@x'), { code: 'limit' }, 'the customer key ignores case');
    assert.throws(() => cc.resume(c.guid, 'wrong key'), { code: 'session_invalid' });
    assert.equal(cc.resume(c.guid, c.authKey), c);
    cc.customerClose(c);
    assert.throws(() => cc.customerMessage(c, 'too late'), { code: 'not_started' });
    assert.throws(() => cc.resume(c.guid, c.authKey), { code: 'session_invalid' });
    cc.dispose();
  });

  test('a dropped chat is abandoned after resumeWindowMs unless the customer comes back', () => {
    const clock = new ManualClock();
    const { cc } = center({ clock, resumeWindowMs: 1000 });
    const back = chat(cc, 'back@x');
    const gone = chat(cc, 'gone@x');
    for (const c of [back, gone]) cc.customerDisconnected(c);
    clock.advance(999);
    cc.customerConnected(back, true);
    clock.advance(1);
    assert.equal(gone.state, 'closed');
    assert.equal(gone.closedBy, 'abandoned');
    assert.equal(back.state, 'queued');
    assert.equal(gone.closedAt, clock.now(), 'timestamps come from the injected clock');
    cc.dispose();
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../bot-server/src/domain/ports.js';
import { bridgeTwiml, mapTwilioStatus } from '../../bot-server/src/voice/twilio-dialer.js';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.js';
import { startVoiceHarness, type VoiceHarness } from './harness.js';

const CUSTOMER = '+442079460123';

function twilioEnv(fake: FakeTwilio, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DIALER: 'twilio',
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_API_BASE: fake.baseUrl,
    TWILIO_FROM: '+442079460000',
    AACC_ROUTE_POINT: '+442079460999',
    VOICE_PROVIDER_TIMEOUT_MS: '5000',
    // These suites exercise the provider, not the abuse limits (voice-service.test.ts does).
    VOICE_MAX_CALLS_PER_NUMBER_PER_DAY: '1000',
    VOICE_MAX_CALLS_PER_CLIENT_PER_HOUR: '1000',
    ...overrides,
  };
}

function request(
  h: VoiceHarness,
  conv: { conversationId: string; visitorId: string },
  extra: { when?: number; key?: string } = {},
) {
  return h.voice.service.request({
    ...conv,
    name: 'Ada Lovelace',
    phone: CUSTOMER,
    clientAddress: '203.0.113.7',
    idempotencyKey: extra.key ?? randomUUID(),
    context: [{ title: 'Summary', value: 'Billing question' }],
    ...(extra.when !== undefined ? { when: extra.when } : {}),
  });
}

describe('twilio dialer against a local fake of the Calls API', () => {
  let fake: FakeTwilio;
  let h: VoiceHarness;
  before(async () => {
    fake = await startFakeTwilio();
    h = await startVoiceHarness(twilioEnv(fake));
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  test('places the call with TwiML bridging to the route point and follows signed status callbacks', async () => {
    const conv = await h.newConversation();
    const call = await request(h, conv);
    assert.equal(call.status, 'requested');
    assert.equal(call.provider, 'twilio');
    const placed = fake.calls.find((c) => c.sid === call.externalId);
    assert.ok(placed, 'the fake recorded the call under the returned sid');
    assert.equal(placed.to, CUSTOMER);
    assert.equal(placed.from, '+442079460000');
    assert.match(placed.twiml ?? '', /<Response><Dial>\+442079460999<\/Dial><\/Response>$/);
    assert.deepEqual(placed.statusCallbackEvents, ['initiated', 'ringing', 'answered', 'completed']);
    assert.equal(placed.statusCallback, `${h.baseUrl}/voice/twilio/status?callId=${call.id}`);

    for (const s of ['initiated', 'ringing', 'in-progress', 'completed'])
      assert.equal(await fake.sendStatus(placed.sid, s), 204);
    const done = await h.waitForStatus(call.id, 'completed');
    assert.equal(done.status, 'completed');
    assert.deepEqual(
      h.changes.filter((c) => c.callId === call.id).map((c) => c.status),
      ['requested', 'dialling', 'ringing', 'connected', 'completed'],
    );

    // A late, out-of-order callback never moves a finished call backwards.
    assert.equal(await fake.sendStatus(placed.sid, 'ringing'), 204);
    await h.voice.service.settled();
    assert.equal((await h.store.getCall(call.id))?.status, 'completed');
    const events = await h.store.listEvents(conv.conversationId);
    assert.deepEqual(
      events.filter((e) => e.type === 'call_status').map((e) => e.data['status']),
      ['dialling', 'ringing', 'connected', 'completed'],
    );
  });

  test('rejects callbacks with a bad or missing signature and changes nothing', async () => {
    const conv = await h.newConversation();
    const call = await request(h, conv);
    const sid = call.externalId ?? '';
    assert.equal(await fake.sendStatus(sid, 'in-progress', { signature: 'bad' }), 403);
    assert.equal(await fake.sendStatus(sid, 'in-progress', { signature: 'missing' }), 403);
    // Tampering with a signed parameter invalidates the signature too.
    const res = await fetch(`${h.baseUrl}/voice/twilio/status?callId=${call.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' },
      body: new URLSearchParams({ AccountSid: fake.accountSid, CallSid: sid, CallStatus: 'completed' }),
    });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PARLEY_ERR_SIGNATURE');
    assert.equal((await h.store.getCall(call.id))?.status, 'requested');
  });

  test('maps busy, no-answer, failed and canceled outcomes', async () => {
    const expected: Array<[string, string]> = [
      ['busy', 'busy'],
      ['no-answer', 'no_answer'],
      ['failed', 'failed'],
      ['canceled', 'cancelled'],
    ];
    for (const [twilio, ours] of expected) {
      const call = await request(h, await h.newConversation());
      assert.equal(await fake.sendStatus(call.externalId ?? '', twilio), 204);
      assert.equal((await h.waitForStatus(call.id, ours as never)).status, ours);
    }
    assert.equal(mapTwilioStatus('queued'), 'dialling');
    assert.equal(mapTwilioStatus('something-new'), undefined);
  });

  test('provider 5xx and 4xx leave the call failed, emitted, and nothing half-made', async () => {
    for (const [status, kind] of [
      [503, 'server_error'],
      [400, 'rejected'],
    ] as const) {
      const before = fake.calls.length;
      fake.failNext(status);
      const call = await request(h, await h.newConversation());
      assert.equal(call.status, 'failed');
      assert.equal(call.externalId, null);
      assert.deepEqual(call.data['error'], { kind, status });
      assert.equal(fake.calls.length, before, 'no call exists at the provider');
      assert.ok(h.changes.some((c) => c.callId === call.id && c.status === 'failed'));
    }
  });

  test('cancel withdraws an unanswered call at the provider', async () => {
    const conv = await h.newConversation();
    const call = await request(h, conv);
    await h.voice.service.cancel(conv.conversationId, call.id);
    assert.deepEqual(fake.updates.at(-1), { sid: call.externalId, status: 'canceled' });
    assert.equal((await h.store.getCall(call.id))?.status, 'cancelled');
    await h.voice.service.cancel(conv.conversationId, call.id); // idempotent
    await assert.rejects(h.voice.service.cancel(randomUUID(), call.id), { code: 'PARLEY_ERR_NOT_FOUND' });
  });
});

describe('twilio dialer: credentials and scheduling', () => {
  test('wrong credentials fail the call with kind auth', async () => {
    const fake = await startFakeTwilio();
    const h = await startVoiceHarness(twilioEnv(fake, { TWILIO_AUTH_TOKEN: 'wrong-token' }));
    try {
      const call = await request(h, await h.newConversation());
      assert.equal(call.status, 'failed');
      assert.deepEqual(call.data['error'], { kind: 'auth', status: 401 });
      assert.equal(fake.calls.length, 0);
    } finally {
      await h.close();
      await fake.close();
    }
  });

  test('a scheduled callback is dialled when due and can be cancelled before', async () => {
    const clock = manualClock(Date.UTC(2025, 5, 2, 10, 0)); // Monday 10:00 UTC
    const fake = await startFakeTwilio();
    const h = await startVoiceHarness(twilioEnv(fake, { TIMEZONE: '0000' }), { clock });
    try {
      const later = clock.now() + 2 * 3_600_000;
      const conv = await h.newConversation();
      const call = await request(h, conv, { when: later });
      assert.equal(call.status, 'scheduled');
      assert.equal(call.scheduledFor, later);
      assert.equal(fake.calls.length, 0, 'nothing is dialled before it is due');
      clock.advance(2 * 3_600_000);
      const dialling = await h.waitForStatus(call.id, 'dialling');
      assert.equal(fake.calls.length, 1);
      assert.equal(dialling.externalId, fake.calls[0]?.sid);

      const other = await h.newConversation();
      const second = await request(h, other, { when: clock.now() + 3_600_000 });
      await h.voice.service.cancel(other.conversationId, second.id);
      clock.advance(2 * 3_600_000);
      assert.equal(fake.calls.length, 1, 'a cancelled scheduled callback is never dialled');
      assert.equal((await h.store.getCall(second.id))?.status, 'cancelled');
    } finally {
      await h.close();
      await fake.close();
    }
  });

  test('business hours follow London daylight saving (the default TIMEZONE)', async () => {
    // Thursday 23 October 2025: BST until Sunday 26 October, GMT after.
    const clock = manualClock(Date.UTC(2025, 9, 23, 12, 0));
    const fake = await startFakeTwilio();
    const h = await startVoiceHarness(twilioEnv(fake), { clock });
    try {
      const at = async (when: number) => {
        try {
          return (await request(h, await h.newConversation(), { when })).status;
        } catch (err) {
          return (err as { detail: { reason: string } }).detail.reason;
        }
      };
      assert.equal(await at(Date.UTC(2025, 9, 24, 8, 30)), 'scheduled'); // Friday 09:30 BST
      assert.equal(await at(Date.UTC(2025, 9, 27, 8, 30)), 'outside_business_hours'); // Monday 08:30 GMT
      assert.equal(await at(Date.UTC(2025, 9, 27, 9, 30)), 'scheduled'); // Monday 09:30 GMT
      assert.equal(await at(Date.UTC(2025, 9, 24, 16, 30)), 'outside_business_hours'); // Friday 17:30 BST
    } finally {
      await h.close();
      await fake.close();
    }
  });

  test('HOLIDAYS: the service itself refuses a callback on a holiday with a coded error, whoever asks', async () => {
    // Monday 2026-12-21 10:00 in London (GMT); Friday 25 December is a holiday, Thursday 24 is not.
    const clock = manualClock(Date.UTC(2026, 11, 21, 10, 0));
    const fake = await startFakeTwilio();
    const h = await startVoiceHarness(twilioEnv(fake, { HOLIDAYS: '2026-12-25,2026-12-26' }), { clock });
    try {
      const conv = await h.newConversation();
      await assert.rejects(
        request(h, conv, { when: Date.UTC(2026, 11, 25, 11, 0) }),
        (err: { code: string; status: number; detail: { reason: string } }) => {
          assert.equal(err.code, 'PARLEY_ERR_VOICE_REFUSED');
          assert.equal(err.status, 422);
          assert.equal(err.detail.reason, 'holiday');
          return true;
        },
      );
      assert.deepEqual(await h.store.listCalls(conv.conversationId), [], 'nothing stored');
      const eve = await request(h, conv, { when: Date.UTC(2026, 11, 24, 11, 0) });
      assert.equal(eve.status, 'scheduled', 'the day before is an ordinary business day');
      assert.equal(fake.calls.length, 0);
    } finally {
      await h.close();
      await fake.close();
    }
  });

  test('TwiML escapes the route point', () => {
    assert.equal(
      bridgeTwiml('1<2&"3"'),
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial>1&lt;2&amp;&quot;3&quot;</Dial></Response>',
    );
  });
});

/** A clock whose time only moves when told; due timers fire on advance(). */
function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id as unknown as TimerHandle;
    },
    clearTimeout(h) {
      timers.delete(h as unknown as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          timers.delete(id);
          t.fn();
        }
      }
    },
  };
}

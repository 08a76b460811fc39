import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '@parley/aacc-sim';
import type { VoiceRequestInput } from '../../bot-server/src/domain/ports.js';
import { startVoiceHarness, type VoiceHarness } from './harness.js';

/**
 * VoiceService behaviour end to end: real SQLite store, real AACC simulator behind the aacc-callback
 * dialer. Dials are counted where they land: voice contacts in the contact center.
 */
describe('voice service: abuse limits and idempotency', () => {
  let sim: Simulator;
  let h: VoiceHarness;
  let n = 0;
  const dials = () => sim.control.contacts().filter((c) => c.kind === 'voice').length;
  /** A fresh, valid UK landline per test so per-number counts start at zero. */
  let phone = '';
  beforeEach(() => {
    phone = `+44207946${String(++n).padStart(4, '0')}`;
  });
  before(async () => {
    sim = await startSimulator({ port: 0 });
    h = await startVoiceHarness({
      EWC_WEBSOCKET_URL: sim.ewcUrl,
      VOICE_ALLOWED_COUNTRIES: 'GB,IE',
      VOICE_MAX_CALLS_PER_NUMBER_PER_DAY: '2',
      VOICE_MAX_CALLS_PER_CONVERSATION: '2',
      VOICE_MAX_CALLS_PER_CLIENT_PER_HOUR: '3',
      BUSINESS_HOURS: '00:00-24:00',
      BUSINESS_DAYS: '0-6',
    });
  });
  after(async () => {
    await h.close();
    await sim.close();
  });

  async function input(over: Partial<VoiceRequestInput> = {}): Promise<VoiceRequestInput> {
    const conv = over.conversationId
      ? { conversationId: over.conversationId, visitorId: over.visitorId ?? '' }
      : await h.newConversation();
    return {
      ...conv,
      name: 'Ada',
      phone,
      clientAddress: `192.0.2.${n}`,
      idempotencyKey: `k${Math.random()}`,
      context: [],
      ...over,
    };
  }

  test('refusals carry a reason and store or dial nothing', async () => {
    const before = dials();
    const cases: Array<[Partial<VoiceRequestInput>, string]> = [
      [{ phone: '+33142685300' }, 'country_not_allowed'],
      [{ phone: '+449098790000' }, 'premium_rate'],
      [{ phone: '+445512345678' }, 'shared_cost'],
      [{ phone: '+44999' }, 'short_number'],
      [{ phone: '020 7946 0000' }, 'invalid_number'],
      [{ phone: '<script>' }, 'invalid_number'],
      [{ when: Date.now() - 60_000 }, 'schedule_in_past'],
      [{ when: Date.now() + 8 * 86_400_000 }, 'schedule_too_far'],
    ];
    for (const [over, reason] of cases) {
      const req = await input(over);
      await assert.rejects(
        h.voice.service.request(req),
        (err: { code: string; status: number; detail: { reason: string } }) => {
          assert.equal(err.code, 'PARLEY_ERR_VOICE_REFUSED');
          assert.equal(err.status, 422);
          assert.equal(err.detail.reason, reason);
          return true;
        },
      );
      assert.deepEqual(await h.store.listCalls(req.conversationId), [], `nothing stored for ${reason}`);
    }
    assert.equal(dials(), before);
  });

  test('the same idempotency key never dials twice, sequentially or concurrently', async () => {
    const req = await input({ idempotencyKey: 'form-42' });
    const before = dials();
    const first = await h.voice.service.request(req);
    const again = await h.voice.service.request(req);
    assert.equal(again.id, first.id);
    assert.equal(dials(), before + 1);

    const concurrent = await input({ idempotencyKey: 'form-43', phone: `+44207946${String(++n).padStart(4, '0')}` });
    const results = await Promise.all([
      h.voice.service.request(concurrent),
      h.voice.service.request(concurrent),
      h.voice.service.request(concurrent),
    ]);
    assert.equal(new Set(results.map((c) => c.id)).size, 1);
    assert.equal(dials(), before + 2);
    assert.equal((await h.store.listCalls(concurrent.conversationId)).length, 1);
  });

  test('an idempotency key is scoped to its conversation', async () => {
    const a = await h.voice.service.request(await input({ idempotencyKey: 'same' }));
    const b = await h.voice.service.request(
      await input({ idempotencyKey: 'same', phone: `+44207946${String(++n).padStart(4, '0')}` }),
    );
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.conversationId, b.conversationId);
  });

  test('per-conversation limit', async () => {
    const conv = await h.newConversation();
    for (let i = 0; i < 2; i++)
      await h.voice.service.request(await input({ ...conv, phone: `+44207946${String(++n).padStart(4, '0')}` }));
    await assert.rejects(
      h.voice.service.request(await input({ ...conv, phone: `+44207946${String(++n).padStart(4, '0')}` })),
      { detail: { reason: 'rate_limited_conversation' } },
    );
  });

  test('per-number limit across conversations, counted on the normalised number', async () => {
    await h.voice.service.request(await input());
    await h.voice.service.request(await input({ phone: phone.replace('+44207946', '+44 20 7946 ') }));
    await assert.rejects(h.voice.service.request(await input()), { detail: { reason: 'rate_limited_number' } });
  });

  test('per-client-address limit per hour', async () => {
    const clientAddress = '203.0.113.99';
    for (let i = 0; i < 3; i++)
      await h.voice.service.request(await input({ clientAddress, phone: `+44207946${String(++n).padStart(4, '0')}` }));
    await assert.rejects(
      h.voice.service.request(await input({ clientAddress, phone: `+44207946${String(++n).padStart(4, '0')}` })),
      { detail: { reason: 'rate_limited_client' } },
    );
  });

  test('concurrent requests cannot slip past a limit together', async () => {
    const clientAddress = '203.0.113.100';
    const reqs = await Promise.all(
      Array.from({ length: 6 }, () => input({ clientAddress, phone: `+44207946${String(++n).padStart(4, '0')}` })),
    );
    const settled = await Promise.allSettled(reqs.map((r) => h.voice.service.request(r)));
    assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 3);
  });
});

describe('voice service: cancel rules', () => {
  let sim: Simulator;
  let h: VoiceHarness;
  before(async () => {
    sim = await startSimulator({ port: 0 });
    h = await startVoiceHarness({ EWC_WEBSOCKET_URL: sim.ewcUrl });
  });
  after(async () => {
    await h.close();
    await sim.close();
  });

  test('a connected call cannot be cancelled; an unknown one is not found', async () => {
    await sim.control.login('5003', 'agent');
    await sim.control.setReady('5003', true);
    const req = {
      ...(await h.newConversation()),
      name: 'Ada',
      phone: '+442079461000',
      clientAddress: '192.0.2.1',
      idempotencyKey: 'k',
      context: [],
    };
    const call = await h.voice.service.request(req);
    await h.waitForStatus(call.id, 'ringing');
    const contact = sim.control.contacts().find((c) => c.callbackId === call.externalId);
    assert.ok(contact);
    await sim.control.answer('5003', contact.id);
    await h.waitForStatus(call.id, 'connected');
    await assert.rejects(h.voice.service.cancel(req.conversationId, call.id), {
      code: 'PARLEY_ERR_ILLEGAL_TRANSITION',
    });
    await assert.rejects(h.voice.service.cancel(req.conversationId, 'nope'), { code: 'PARLEY_ERR_NOT_FOUND' });
    await sim.control.close('5003', contact.id);
    await h.waitForStatus(call.id, 'completed');
  });
});

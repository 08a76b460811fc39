import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EscalationRequest } from '../../domain/ports.js';
import { buildIntrinsics, EWC_LIMITS, isPlausibleEmail, splitMessage, wantsTranscript } from './request-mapping.js';

const req = (over: Partial<EscalationRequest> = {}): EscalationRequest => ({
  conversationId: 'c1',
  customer: { name: 'Jane Doe', phone: '+441234567890', email: 'jane@example.com' },
  skillset: 'WC_Billing',
  customFields: [{ title: 'intent', value: 'billing.refund' }],
  requestTranscript: false,
  ...over,
});

describe('request mapping', () => {
  test('intrinsics carry name, phone, email, skillset and custom fields', () => {
    assert.deepEqual(buildIntrinsics(req(), 'WC_Default_Skillset'), {
      name: 'Jane Doe',
      skillset: 'WC_Billing',
      customFields: [{ title: 'intent', value: 'billing.refund' }],
      email: 'jane@example.com',
      country: '',
      area: '',
      phoneNumber: '+441234567890',
    });
  });

  test('unknown details are sent empty, as Avaya and Koopid clients do; empty skillset falls back to the default', () => {
    const i = buildIntrinsics(req({ customer: { name: '  ' }, skillset: '' }), 'WC_Default_Skillset');
    assert.deepEqual(i, {
      name: 'Customer',
      email: '',
      country: '',
      area: '',
      phoneNumber: '',
      skillset: 'WC_Default_Skillset',
      customFields: [{ title: 'intent', value: 'billing.refund' }],
    });
  });

  test('custom field limits: <= 10 entries, title <= 50, value <= 255, blank titles dropped', () => {
    const fields = [
      { title: '   ', value: 'dropped' },
      ...Array.from({ length: 12 }, (_, i) => ({ title: `t${i}`.padEnd(60, 'x'), value: 'v'.repeat(300) })),
    ];
    const out = buildIntrinsics(req({ customFields: fields }), undefined).customFields;
    assert.equal(out.length, EWC_LIMITS.customFieldsMax);
    assert.equal(out[0]?.title.startsWith('t0'), true);
    for (const f of out) {
      assert.equal(Array.from(f.title).length, 50);
      assert.equal(Array.from(f.value).length, 255);
      assert.ok(f.value.endsWith('…'));
    }
  });

  test('transcript only when wanted and the e-mail is plausible', () => {
    assert.equal(wantsTranscript(true, req()), true);
    assert.equal(wantsTranscript(false, req({ requestTranscript: true })), true);
    assert.equal(wantsTranscript(false, req()), false);
    assert.equal(wantsTranscript(true, req({ customer: { name: 'x', email: '+441234567890' } })), false);
    assert.equal(wantsTranscript(true, req({ customer: { name: 'x' } })), false);
    assert.equal(isPlausibleEmail('a@b'), false);
    assert.equal(isPlausibleEmail('a b@c.de'), false);
  });

  test('long messages split at the agent-desktop limit by code points, in order', () => {
    assert.deepEqual(splitMessage('short'), ['short']);
    const emoji = '😀'.repeat(EWC_LIMITS.messageMaxChars + 5);
    const parts = splitMessage(emoji);
    assert.equal(parts.length, 2);
    assert.equal(Array.from(parts[0] as string).length, EWC_LIMITS.messageMaxChars);
    assert.equal(parts.join(''), emoji);
  });
});

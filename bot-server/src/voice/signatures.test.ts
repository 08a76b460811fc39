import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aaccStatusToken,
  safeEqual,
  twilioSignature,
  verifyAaccStatusToken,
  verifyTwilioSignature,
} from './signatures.js';

describe('twilio signature', () => {
  // Worked example from Twilio's webhook security documentation.
  const token = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  test('matches the documented example', () => {
    assert.equal(twilioSignature(token, url, params), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  test('verifies only the exact url, params and token', () => {
    const sig = twilioSignature(token, url, params);
    assert.equal(verifyTwilioSignature(token, url, params, sig), true);
    assert.equal(verifyTwilioSignature(token, url, { ...params, Digits: '1235' }, sig), false);
    assert.equal(verifyTwilioSignature(token, `${url}&x=1`, params, sig), false);
    assert.equal(verifyTwilioSignature('54321', url, params, sig), false);
    assert.equal(verifyTwilioSignature(token, url, params, undefined), false);
    assert.equal(verifyTwilioSignature(token, url, params, ''), false);
  });

  test('repeated parameters contribute every value, sorted', () => {
    assert.equal(
      twilioSignature('t', 'https://x/', { E: ['b', 'a'] }),
      twilioSignature('t', 'https://x/', { E: ['a', 'b'] }),
    );
    assert.notEqual(
      twilioSignature('t', 'https://x/', { E: ['a', 'b'] }),
      twilioSignature('t', 'https://x/', { E: 'a' }),
    );
  });
});

describe('aacc status token', () => {
  const now = 1_780_000_000_000;
  test('is per call and per secret', () => {
    const secret = 's'.repeat(32);
    const t = aaccStatusToken(secret, 'call-1', now + 1000);
    assert.match(t, /^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    assert.equal(verifyAaccStatusToken(secret, 'call-1', t, now), true);
    assert.equal(verifyAaccStatusToken(secret, 'call-2', t, now), false);
    assert.equal(verifyAaccStatusToken('o'.repeat(32), 'call-1', t, now), false);
    assert.equal(verifyAaccStatusToken(secret, 'call-1', undefined, now), false);
  });

  test('expires: valid up to its expiry, refused after; the expiry cannot be moved', () => {
    const secret = 's'.repeat(32);
    const t = aaccStatusToken(secret, 'call-1', now + 1000);
    assert.equal(verifyAaccStatusToken(secret, 'call-1', t, now + 1000), true);
    assert.equal(verifyAaccStatusToken(secret, 'call-1', t, now + 1001), false);
    const [, mac] = t.split('.');
    const later = `${(now + 10_000_000).toString(36)}.${mac}`;
    assert.equal(verifyAaccStatusToken(secret, 'call-1', later, now + 2000), false, 'a moved expiry breaks the MAC');
    for (const bad of ['', '.', 'x', `${t}x`, `ZZ.${mac}`])
      assert.equal(verifyAaccStatusToken(secret, 'call-1', bad, now), false);
  });
});

test('safeEqual compares strings of any length', () => {
  assert.equal(safeEqual('abc', 'abc'), true);
  assert.equal(safeEqual('abc', 'abd'), false);
  assert.equal(safeEqual('abc', 'abcd'), false);
  assert.equal(safeEqual('', ''), true);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { internationalNumber, numberKey } from './phone.js';

describe('callback phone parts', () => {
  test('country code and national number make one international number, with a single +', () => {
    assert.equal(internationalNumber({ country: '44', phone: '7400123471' }), '+447400123471');
    assert.equal(internationalNumber({ country: '+44', phone: '7400 123471' }), '+447400123471');
    assert.equal(internationalNumber({ country: '1', area: '202', phone: '555-0143' }), '+12025550143');
  });

  test('a phone already in international form is not prefixed again; no country: the parts as given', () => {
    assert.equal(internationalNumber({ country: '44', phone: '+447400123471' }), '+447400123471');
    assert.equal(internationalNumber({ phone: '020 7946 0123' }), '020 7946 0123');
    assert.equal(internationalNumber({ country: '44' }), '');
  });

  test('the same number sent in parts or in E.164 has the same key', () => {
    assert.equal(numberKey({ country: '44', phone: '7400123471' }), numberKey({ phone: '+447400123471' }));
    assert.notEqual(
      numberKey({ country: '44', phone: '7400123471' }),
      numberKey({ country: '33', phone: '7400123471' }),
    );
  });
});

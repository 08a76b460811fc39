import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHANNEL_NAMES } from '../channel.js';
import { CAPABILITIES } from './capabilities.js';

describe('capabilities: the matrix of messaging-channels.md section 3', () => {
  test('every channel declares itself', () => {
    for (const name of CHANNEL_NAMES) assert.equal(CAPABILITIES[name].channel, name);
  });

  test('WhatsApp: 3 reply buttons of 20, no postback or link buttons, text carousel, templates, 24 h', () => {
    const w = CAPABILITIES.whatsapp;
    assert.deepEqual(w.replyButtons, { max: 3, labelMax: 20 });
    assert.equal(w.postbackButtons, undefined);
    assert.equal(w.linkButtons, undefined);
    assert.equal(w.carousel, 'text');
    assert.equal(w.typingIndicator, false);
    assert.equal(w.templates, true);
    assert.equal(w.phoneIdentity, true);
    assert.equal(w.window?.regularMs, 24 * 3_600_000);
  });

  test('Messenger: native carousel, 3 buttons, typing, HUMAN_AGENT for 7 days', () => {
    const m = CAPABILITIES.messenger;
    assert.equal(m.carousel, 'native');
    assert.equal(m.postbackButtons?.max, 3);
    assert.equal(m.typingIndicator, true);
    assert.equal(m.window?.humanAgentTag, 'HUMAN_AGENT');
    assert.equal(m.window?.humanAgentMs, 7 * 24 * 3_600_000);
  });

  test('X: quick replies of 36, files as links, no typing, no receipts, no window', () => {
    const x = CAPABILITIES.twitter;
    assert.deepEqual(x.replyButtons, { max: 20, labelMax: 36 });
    assert.equal(x.files, 'link');
    assert.equal(x.typingIndicator, false);
    assert.equal(x.readReceipts, false);
    assert.equal(x.window, undefined);
  });

  test('only the web shows forms as a card; only WhatsApp has templates', () => {
    assert.deepEqual(
      CHANNEL_NAMES.filter((c) => CAPABILITIES[c].forms === 'native'),
      ['web'],
    );
    assert.deepEqual(
      CHANNEL_NAMES.filter((c) => CAPABILITIES[c].templates),
      ['whatsapp'],
    );
  });
});

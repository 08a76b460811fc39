import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canSend, onAgentAnswer } from './window.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);

describe('canSend: the 24-hour policy', () => {
  test('WhatsApp: regular messages within 24 h of the customer message, refused after, templates always', () => {
    const at = (hours: number, kind: 'regular' | 'template' = 'regular', sender: 'bot' | 'agent' = 'agent') =>
      canSend({ channel: 'whatsapp', lastCustomerAt: NOW - hours * HOUR, now: NOW, sender, kind });
    assert.deepEqual(at(23.9), { allowed: true });
    const refused = at(24);
    assert.equal(refused.allowed, false);
    assert.ok(!refused.allowed && refused.reason === 'window_closed_template_required');
    assert.ok(!refused.allowed && /template/.test(refused.words) && /24 hours/.test(refused.words));
    assert.ok(!at(30, 'regular', 'bot').allowed);
    assert.deepEqual(at(30, 'template'), { allowed: true });
    assert.deepEqual(at(2, 'template'), { allowed: true });
  });

  test('WhatsApp: a customer who never wrote gets only a template', () => {
    const d = canSend({ channel: 'whatsapp', lastCustomerAt: undefined, now: NOW, sender: 'agent', kind: 'regular' });
    assert.ok(!d.allowed && d.reason === 'no_customer_message');
  });

  test('Messenger: 24 h for everyone, then HUMAN_AGENT for agents up to 7 days, bots refused', () => {
    const at = (hours: number, sender: 'bot' | 'agent') =>
      canSend({ channel: 'messenger', lastCustomerAt: NOW - hours * HOUR, now: NOW, sender, kind: 'regular' });
    assert.deepEqual(at(23, 'bot'), { allowed: true });
    assert.deepEqual(at(23, 'agent'), { allowed: true });
    assert.deepEqual(at(25, 'agent'), { allowed: true, tag: 'HUMAN_AGENT' });
    const bot = at(25, 'bot');
    assert.ok(!bot.allowed && bot.reason === 'window_closed_bot');
    const late = at(7 * 24, 'agent');
    assert.ok(!late.allowed && late.reason === 'human_agent_window_closed' && /7 days/.test(late.words));
  });

  test('X and web have no window; templates only on WhatsApp', () => {
    for (const channel of ['twitter', 'web'] as const) {
      assert.deepEqual(
        canSend({ channel, lastCustomerAt: NOW - 1000 * HOUR, now: NOW, sender: 'bot', kind: 'regular' }),
        { allowed: true },
      );
      const t = canSend({ channel, lastCustomerAt: NOW, now: NOW, sender: 'agent', kind: 'template' });
      assert.ok(!t.allowed && t.reason === 'templates_unsupported');
    }
  });

  test('the window runs from the channel timestamp given, not from now minus anything else', () => {
    const last = NOW - 24 * HOUR + 1;
    assert.deepEqual(canSend({ channel: 'whatsapp', lastCustomerAt: last, now: NOW, sender: 'bot', kind: 'regular' }), {
      allowed: true,
    });
    assert.ok(
      !canSend({ channel: 'whatsapp', lastCustomerAt: last, now: NOW + 1, sender: 'bot', kind: 'regular' }).allowed,
    );
  });
});

describe('onAgentAnswer', () => {
  test('inside the window: welcome, no advice', () => {
    assert.deepEqual(onAgentAnswer('whatsapp', NOW - HOUR, NOW), { welcome: true });
  });
  test('outside the WhatsApp window: template advice and no welcome', () => {
    const a = onAgentAnswer('whatsapp', NOW - 25 * HOUR, NOW);
    assert.equal(a.welcome, false);
    assert.match(a.advice ?? '', /template/);
  });
});

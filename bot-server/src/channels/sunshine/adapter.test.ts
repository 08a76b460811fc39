import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sunshineAdapter } from './adapter.js';

describe('sunshineAdapter', () => {
  test('keeps the last choice across a message that offers none, and implements the interface', () => {
    const adapter = sunshineAdapter();
    const first = adapter.render(
      'whatsapp',
      {
        type: 'text',
        text: 'Talk to an agent using:',
        actions: [{ type: 'postback', label: 'Chat', payload: 'chat' }],
      },
      {},
    );
    assert.equal(first.state.offered?.options[0]?.payload, 'chat');
    const second = adapter.render('whatsapp', { type: 'text', text: 'Or ask me anything.' }, first.state);
    assert.equal(second.state.offered?.options[0]?.payload, 'chat');
    assert.equal(adapter.capabilities('twitter').label, 'X');
    assert.equal(adapter.inbound({}, 0).ok, false);
    assert.deepEqual(
      adapter.canSend({ channel: 'twitter', lastCustomerAt: undefined, now: 0, sender: 'bot', kind: 'regular' }),
      { allowed: true },
    );
  });
});

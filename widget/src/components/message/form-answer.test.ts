import { expect } from '@open-wc/testing';
import { mountChat, textOf } from '../../../test-support/mount.js';
import { groupPhone } from './form-answer.js';

describe('the customer’s own form answer', () => {
  it('groups E.164 phone numbers and leaves anything else as typed', () => {
    expect(groupPhone('+447400123473')).to.equal('+44 7400 123473');
    expect(groupPhone('+33612345678')).to.equal('+33 6 12 34 56 78');
    expect(groupPhone('+14155550100')).to.equal('+1 415 555 0100');
    expect(groupPhone('+4930123456')).to.equal('+49 301 234 56');
    expect(groupPhone('+353851234567')).to.equal('+353 851 234 567');
    expect(groupPhone('07400 123456')).to.equal('07400 123456');
  });

  it('reads as the choice’s label, a local date and time and a grouped phone number, not the raw values', async () => {
    const t = await mountChat();
    await t.open();
    const at = Date.UTC(2026, 11, 3, 10, 30);
    await t.peer.control({
      action: 'push',
      content: {
        type: 'form',
        formId: 'callback',
        fields: [
          { name: 'phone', kind: 'phone', label: 'Phone number', required: true, value: '+447400123473' },
          {
            name: 'when',
            kind: 'choice',
            label: 'When',
            required: true,
            options: [
              { value: 'now', label: 'Call me now' },
              { value: 'later', label: 'Later' },
            ],
          },
          { name: 'at', kind: 'datetime', label: 'Time', required: false },
        ],
      },
    });
    await t.peer.control({
      action: 'push',
      author: { role: 'customer' },
      content: {
        type: 'form_response',
        formId: 'callback',
        values: { phone: '+447400123473', when: 'later', at: new Date(at).toISOString() },
      },
    });
    await t.when(() => t.messages().length === 2, 'the answer');
    const bubble = textOf(t.messages()[1]!.shadowRoot!.querySelector('.bubble'));
    const local = new Intl.DateTimeFormat('en', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    }).format(at);
    expect(bubble).to.equal(`+44 7400 123473 Later ${local}`);
    expect(bubble).not.to.contain('2026-12-03T');
    t.el.remove();
  });
});

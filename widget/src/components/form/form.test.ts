import { expect } from '@open-wc/testing';
import type { FormField } from '@parley/protocol';
import { mountChat, textOf } from '../../../test-support/mount.js';
import { framesOf } from '../../../test-support/peer-client.js';
import { whenDom } from '../../../test-support/wait.js';
import { isFieldActive, validateField } from './validate.js';

const field = (kind: FormField['kind'], extra: Partial<FormField> = {}): FormField => ({
  name: kind,
  kind,
  label: kind,
  required: true,
  ...extra,
});

describe('validateField', () => {
  it('uses the kind-specific required key', () => {
    for (const kind of ['name', 'phone', 'email', 'text', 'datetime', 'choice'] as const) {
      expect(validateField(field(kind), '  ')).to.deep.equal({ ok: false, key: `${kind}.required` });
    }
    expect(validateField(field('email', { required: false }), '')).to.deep.equal({ ok: true, value: '' });
    expect(validateField(field('phone', { required: false }), ' ')).to.deep.equal({ ok: true, value: '' });
  });

  it('validates emails, names, choices and datetimes', () => {
    expect(validateField(field('email'), 'a@b')).to.deep.equal({ ok: false, key: 'email.invalid' });
    expect(validateField(field('email'), ' ann@example.com ')).to.deep.equal({ ok: true, value: 'ann@example.com' });
    expect(validateField(field('name'), '12345')).to.deep.equal({ ok: false, key: 'name.invalid' });
    expect(validateField(field('name'), 'Ann   Lee')).to.deep.equal({ ok: true, value: 'Ann Lee' });
    const choice = field('choice', { options: [{ value: 'a', label: 'A' }] });
    expect(validateField(choice, 'b')).to.deep.equal({ ok: false, key: 'choice.invalid' });
    const now = Date.parse('2030-01-01T12:00:00Z');
    expect(validateField(field('datetime'), '2029-12-31T10:00', now)).to.deep.equal({
      ok: false,
      key: 'datetime.past',
    });
    const later = validateField(field('datetime'), '2030-01-02T10:00', now);
    expect(later.ok && later.value).to.equal(new Date('2030-01-02T10:00').toISOString());
  });

  it('passes every real-world phone number through as typed (the server parses and normalises)', () => {
    const valid = [
      '020 7946 0958', // GB national
      '+44 20 7946 0958',
      '(201) 555-0123', // US
      '06.12.34.56.78', // FR with dots
      '+33 (0)6 12 34 56 78',
      '030/1234567', // DE with a slash
      '4002', // Niue: 4-digit national numbers
      '+683 4002',
      '0011 44 20 7946 0958', // GB from Australia with the international prefix
      '00 62 812 3456 7890 123', // long Indonesian number with an international prefix
    ];
    for (const raw of valid)
      expect(validateField(field('phone'), ` ${raw} `), raw).to.deep.equal({ ok: true, value: raw });
  });

  it('refuses obvious phone slips with kind keys', () => {
    expect(validateField(field('phone'), '12')).to.deep.equal({ ok: false, key: 'phone.too_short' });
    expect(validateField(field('phone'), '+1 2 3')).to.deep.equal({ ok: false, key: 'phone.too_short' });
    expect(validateField(field('phone'), '1234 5678 9012 3456 7890 1234 5')).to.deep.equal({
      ok: false,
      key: 'phone.too_long',
    });
    expect(validateField(field('phone'), `${'1 '.repeat(20)}1`)).to.deep.equal({ ok: false, key: 'phone.too_long' });
    for (const raw of [
      'not a phone',
      '020 7946 0958 ext 12',
      '020#7946',
      '+44 20 7946 0958<script>',
      '０２０７９４６０９５８',
    ]) {
      expect(validateField(field('phone'), raw), raw).to.deep.equal({ ok: false, key: 'phone.invalid_chars' });
    }
  });

  it('enforces maxLength with the kind key', () => {
    expect(validateField(field('text', { maxLength: 3 }), 'abcd')).to.deep.equal({ ok: false, key: 'text.too_long' });
  });
});

describe('isFieldActive', () => {
  it('applies a field with onlyWhen only while the other field has that value', () => {
    const callAt = field('datetime', { name: 'callAt', onlyWhen: { field: 'when', value: 'later' } });
    expect(isFieldActive(callAt, { when: 'now' })).to.equal(false);
    expect(isFieldActive(callAt, {})).to.equal(false);
    expect(isFieldActive(callAt, { when: 'later' })).to.equal(true);
    expect(isFieldActive(field('phone'), {})).to.equal(true);
  });
});

describe('<parley-form>', () => {
  const form = {
    type: 'form',
    formId: 'contact',
    title: 'Your details',
    fields: [
      { name: 'name', kind: 'name', label: 'Name', required: true },
      { name: 'phone', kind: 'phone', label: 'Phone', required: true, defaultCountry: 'GB' },
    ],
  };

  async function mountForm(content: Record<string, unknown> = form) {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'push', content });
    await t.when(() => t.messages().length === 1, 'form');
    const formEl = () => t.messages()[0]!.shadowRoot!.querySelector('parley-form')!;
    await t.when(() => formEl().shadowRoot?.querySelector('form'), 'form rendered');
    const root = () => formEl().shadowRoot!;
    const type = async (name: string, value: string) => {
      const input = root().querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await formEl().updateComplete;
    };
    const submit = async () => {
      const button = root().querySelector<HTMLButtonElement>('button[type="submit"]')!;
      button.click();
      await formEl().updateComplete;
      // Busy while it validates; then enabled again (refused) or locked as sent.
      await whenDom(root(), () => !button.disabled || textOf(button) === 'Sent', 'submitted');
      await t.settle();
    };
    return { t, root, type, submit, formEl };
  }

  it('is accessible', async () => {
    const { t, formEl } = await mountForm();
    await expect(formEl()).to.be.accessible();
    t.el.remove();
  });

  it('shows inline kind messages and does not send an invalid form', async () => {
    const { t, root, type, submit } = await mountForm();
    await type('name', 'Ann');
    await type('phone', '12');
    await submit();
    await t.when(() => root().querySelector('#f-phone-err'), 'phone error');
    expect(root().querySelector('#f-phone-err')!.textContent).to.equal(
      'This phone number looks too short. Please include the area code.',
    );
    expect(root().querySelector('input[name="phone"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root().querySelector('input[name="phone"]')!.getAttribute('aria-describedby')).to.equal('f-phone-err');
    expect(root().querySelector('#f-name-err')).to.equal(null);
    await type('phone', '020 7946 0958 or 0207');
    expect(root().querySelector('#f-phone-err'), 'typing clears the error').to.equal(null);
    await submit();
    await t.when(() => root().querySelector('#f-phone-err'), 'phone chars error');
    expect(root().querySelector('#f-phone-err')!.textContent).to.contain('digits, spaces');
    const state = await t.peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'message.send')).to.have.length(0);
    t.el.remove();
  });

  it('sends the phone as typed and locks once the server accepted it', async () => {
    const { t, root, type, submit } = await mountForm();
    await type('name', 'Ann Lee');
    await type('phone', ' 020 7946 0958 ');
    await submit();
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({
      type: 'form_response',
      formId: 'contact',
      values: { name: 'Ann Lee', phone: '020 7946 0958' },
    });
    await t.when(
      () =>
        root().querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled &&
        root().querySelector<HTMLInputElement>('input[name="name"]')!.disabled,
      'locked',
    );
    t.el.remove();
  });

  it("shows the server's form.invalid per field, stays open (also after a reload) and accepts a correction", async () => {
    const { t, root, type, submit, formEl } = await mountForm();
    // The server stores the answer, fans it out, then refuses it (as bot-server does).
    await t.peer.control({ action: 'set', options: { formInvalid: { phone: 'phone.invalid_country' } } });
    await type('name', 'Ann');
    await type('phone', '+33 6 12 34 56 78');
    await submit();
    await t.when(() => root().querySelector('#f-phone-err'), 'server error shown');
    expect(root().querySelector('#f-phone-err')!.textContent).to.equal('We cannot call numbers in this country.');
    expect(root().querySelector('input[name="phone"]')!.getAttribute('aria-invalid')).to.equal('true');
    await t.when(
      () => t.messages().some((m) => m.message.content.type === 'form_response'),
      'the refused answer is in the transcript',
    );
    await formEl().updateComplete;
    expect(root().querySelector<HTMLInputElement>('input[name="phone"]')!.disabled).to.equal(false);
    expect(root().querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).to.equal(false);

    // A reload restores the transcript from the cache: the refused answer still does not lock the form.
    t.el.hide('api');
    t.el.remove();
    const again = await mountChat({ server: t.opts.server });
    await again.open();
    await again.when(() => again.messages().length === 2, 'transcript restored');
    await again.settle();
    const form2 = () => again.messages()[0]!.shadowRoot!.querySelector('parley-form')!;
    await again.when(() => form2()?.shadowRoot?.querySelector('form'), 'form restored');
    await form2().updateComplete;
    expect(form2().shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).to.equal(false);
    again.el.remove();
  });

  it('a corrected answer after form.invalid is sent and locks the form', async () => {
    const { t, root, type, submit } = await mountForm();
    await t.peer.control({ action: 'set', options: { formInvalid: { phone: 'phone.too_short' } } });
    await type('name', 'Ann');
    await type('phone', '0791 12');
    await submit();
    await t.when(() => root().querySelector('#f-phone-err'), 'server verdict shown');
    expect(root().querySelector('#f-phone-err')!.textContent).to.contain('too short');
    await type('phone', '07911 123456');
    expect(root().querySelector('#f-phone-err')).to.equal(null);
    await submit();
    const second = await t.frame('message.send', {
      content: { type: 'form_response', formId: 'contact', values: { name: 'Ann', phone: '07911 123456' } },
    });
    const sends = framesOf((await t.peer.control({ action: 'state' })).frames, 'message.send');
    expect(sends).to.have.length(2);
    expect(sends[1]).to.deep.equal(second);
    expect(second.clientMsgId).to.not.equal(sends[0]!.clientMsgId);
    await t.when(
      () => root().querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled,
      'locked after acceptance',
    );
    t.el.remove();
  });
  // The callback form of bot-server/flows/default/forms.yaml: a time only when "later" is chosen.
  const callback = {
    type: 'form',
    formId: 'callback',
    title: 'Call me back',
    fields: [
      { name: 'phone', kind: 'phone', label: 'Number to call', required: true, value: '+447400123471' },
      {
        name: 'when',
        kind: 'choice',
        label: 'When?',
        required: true,
        value: 'now',
        options: [
          { value: 'now', label: 'Call me now' },
          { value: 'later', label: 'At a time I choose' },
        ],
      },
      {
        name: 'callAt',
        kind: 'datetime',
        label: 'Date and time',
        required: true,
        onlyWhen: { field: 'when', value: 'later' },
      },
    ],
  };

  it('hides a field whose onlyWhen is not met: not required, not sent', async () => {
    const { t, root, submit } = await mountForm(callback);
    expect(root().querySelector('input[name="callAt"]')).to.equal(null);
    await submit();
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({
      type: 'form_response',
      formId: 'callback',
      values: { phone: '+447400123471', when: 'now' },
    });
    t.el.remove();
  });

  it('shows and requires the field once its condition holds, and sends it', async () => {
    const { t, root, type, submit, formEl } = await mountForm(callback);
    const later = root().querySelector<HTMLInputElement>('input[name="when"][value="later"]')!;
    later.checked = true;
    later.dispatchEvent(new Event('change'));
    await formEl().updateComplete;
    expect(root().querySelector('input[name="callAt"]')).to.not.equal(null);
    await submit();
    await t.when(() => root().querySelector('#f-callAt-err'), 'required error');
    expect(root().querySelector('#f-callAt-err')!.textContent).to.equal('Please choose a date and time.');
    let state = await t.peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'message.send')).to.have.length(0);
    await type('callAt', '2031-01-02T10:00');
    await submit();
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({
      type: 'form_response',
      formId: 'callback',
      values: { phone: '+447400123471', when: 'later', callAt: new Date('2031-01-02T10:00').toISOString() },
    });
    state = await t.peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'message.send')).to.have.length(1);
    t.el.remove();
  });
});

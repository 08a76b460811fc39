import { expect } from '@open-wc/testing';
import type { FormField } from '@parley/protocol';
import { mountChat } from '../../../test-support/mount.js';
import { until } from '../../../test-support/peer-client.js';
import { toE164 } from './phone.js';
import { validateField } from './validate.js';

const field = (kind: FormField['kind'], extra: Partial<FormField> = {}): FormField => ({ name: kind, kind, label: kind, required: true, ...extra });

describe('phone normalisation (libphonenumber-js)', () => {
  it('reads national numbers with the default country and returns E.164', () => {
    expect(toE164('06 12 34 56 78', 'FR')).to.equal('+33612345678');
    expect(toE164('020 7946 0958', 'GB')).to.equal('+442079460958');
    expect(toE164('(201) 555-0123', 'US')).to.equal('+12015550123');
  });

  it('keeps an international number whatever the default country', () => {
    expect(toE164('+33 6 12 34 56 78', 'GB')).to.equal('+33612345678');
  });

  it('refuses numbers that are not valid', () => {
    expect(toE164('12', 'FR')).to.equal(undefined);
    expect(toE164('06 12', 'FR')).to.equal(undefined);
    expect(toE164('not a phone', 'GB')).to.equal(undefined);
    expect(toE164('', 'GB')).to.equal(undefined);
  });
});

describe('validateField', () => {
  const phone = toE164;
  it('uses the kind-specific required key', () => {
    for (const kind of ['name', 'phone', 'email', 'text', 'datetime', 'choice'] as const) {
      expect(validateField(field(kind), '  ', phone, 'GB')).to.deep.equal({ ok: false, key: `${kind}.required` });
    }
    expect(validateField(field('email', { required: false }), '', phone, 'GB')).to.deep.equal({ ok: true, value: '' });
  });

  it('validates emails, names, choices and datetimes', () => {
    expect(validateField(field('email'), 'a@b', phone, 'GB')).to.deep.equal({ ok: false, key: 'email.invalid' });
    expect(validateField(field('email'), ' ann@example.com ', phone, 'GB')).to.deep.equal({ ok: true, value: 'ann@example.com' });
    expect(validateField(field('name'), '12345', phone, 'GB')).to.deep.equal({ ok: false, key: 'name.invalid' });
    expect(validateField(field('name'), 'Ann   Lee', phone, 'GB')).to.deep.equal({ ok: true, value: 'Ann Lee' });
    const choice = field('choice', { options: [{ value: 'a', label: 'A' }] });
    expect(validateField(choice, 'b', phone, 'GB')).to.deep.equal({ ok: false, key: 'choice.invalid' });
    const now = Date.parse('2030-01-01T12:00:00Z');
    expect(validateField(field('datetime'), '2029-12-31T10:00', phone, 'GB', now)).to.deep.equal({ ok: false, key: 'datetime.past' });
    const later = validateField(field('datetime'), '2030-01-02T10:00', phone, 'GB', now);
    expect(later.ok && later.value).to.equal(new Date('2030-01-02T10:00').toISOString());
  });

  it('normalises phones with the field country first, then the default', () => {
    expect(validateField(field('phone', { defaultCountry: 'FR' }), '0612345678', phone, 'GB')).to.deep.equal({ ok: true, value: '+33612345678' });
    expect(validateField(field('phone'), '0612345678', phone, 'GB')).to.deep.equal({ ok: false, key: 'phone.invalid' });
  });

  it('enforces maxLength with the kind key', () => {
    expect(validateField(field('text', { maxLength: 3 }), 'abcd', phone, 'GB')).to.deep.equal({ ok: false, key: 'text.too_long' });
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

  async function mountForm() {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'push', content: form });
    await until(() => t.messages().length === 1, 'form');
    await t.settle();
    const formEl = () => t.messages()[0]!.shadowRoot!.querySelector('parley-form')!;
    await until(() => formEl().shadowRoot?.querySelector('form'), 'form rendered');
    const root = () => formEl().shadowRoot!;
    const type = async (name: string, value: string) => {
      const input = root().querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await formEl().updateComplete;
    };
    const submit = async () => {
      root().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await until(() => !formEl().shadowRoot!.querySelector('button[type="submit"]')!.hasAttribute('disabled') || t.messages().length > 1, 'submitted');
      await formEl().updateComplete;
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
    await until(() => root().querySelector('#f-phone-err'), 'phone error');
    expect(root().querySelector('#f-phone-err')!.textContent).to.contain('valid phone number');
    expect(root().querySelector('input[name="phone"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root().querySelector('#f-name-err')).to.equal(null);
    const state = await t.peer.control({ action: 'state' });
    expect(state.frames.filter((f: { type: string }) => f.type === 'message.send')).to.have.length(0);
    t.el.remove();
  });

  it('sends the phone in E.164 and locks after submit', async () => {
    const { t, root, type, submit } = await mountForm();
    await type('name', 'Ann Lee');
    await type('phone', '020 7946 0958');
    await submit();
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'form_response', formId: 'contact', values: { name: 'Ann Lee', phone: '+442079460958' } });
    await until(() => root().querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled && root().querySelector<HTMLInputElement>('input[name="name"]')!.disabled, 'locked');
    t.el.remove();
  });

  it("shows the server's form.invalid per field and unlocks", async () => {
    const { t, root, type, submit } = await mountForm();
    await t.peer.control({ action: 'set', options: { formInvalid: { phone: 'phone.invalid_country' } } });
    await type('name', 'Ann');
    await type('phone', '+33 6 12 34 56 78');
    await submit();
    await until(() => root().querySelector('#f-phone-err'), 'server error shown');
    expect(root().querySelector('#f-phone-err')!.textContent).to.equal('We cannot call numbers in this country.');
    expect(root().querySelector<HTMLInputElement>('input[name="phone"]')!.disabled).to.equal(false);
    t.el.remove();
  });
});

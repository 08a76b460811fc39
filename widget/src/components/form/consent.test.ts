import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActive, tabTo, whenFocused } from '../../../test-support/keyboard.js';
import { mountChat, textOf } from '../../../test-support/mount.js';
import { framesOf } from '../../../test-support/peer-client.js';
import { whenDom } from '../../../test-support/wait.js';
import { validateField } from './validate.js';

// The contact form of bot-server/flows/default/forms.yaml: an optional e-mail and a consent box.
const details = (required: boolean) => ({
  type: 'form',
  formId: 'contact',
  title: 'Your details',
  fields: [
    { name: 'name', kind: 'name', label: 'Your name', required: true },
    { name: 'email', kind: 'email', label: 'Email address', required: false },
    { name: 'consent', kind: 'checkbox', label: 'You may contact me by email about this request', required },
  ],
  submitLabel: 'Continue',
});

describe('the details step: optional e-mail and consent box', () => {
  it('checks a consent box as "yes" or "no", refusing an unticked required one', () => {
    const box = { name: 'consent', kind: 'checkbox', label: 'OK?', required: false } as const;
    expect(validateField(box, '')).to.deep.equal({ ok: true, value: 'no' });
    expect(validateField(box, 'yes')).to.deep.equal({ ok: true, value: 'yes' });
    expect(validateField({ ...box, required: true }, 'no')).to.deep.equal({ ok: false, key: 'checkbox.required' });
  });

  async function mount(required: boolean) {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'push', content: details(required) });
    await t.when(() => t.messages().length === 1, 'form');
    const formEl = () => t.messages()[0]!.shadowRoot!.querySelector('parley-form')!;
    await t.when(() => formEl().shadowRoot?.querySelector('form'), 'form rendered');
    const root = () => formEl().shadowRoot!;
    return { t, root, formEl };
  }
  const isInput = (name: string) => (el: Element | null) => el?.tagName === 'INPUT' && el.getAttribute('name') === name;

  it('is accessible: the box is labelled by its text, the e-mail marked optional', async () => {
    const { t, root, formEl } = await mount(false);
    await expect(formEl()).to.be.accessible();
    const box = root().querySelector<HTMLInputElement>('input[name="consent"]')!;
    expect(box.type).to.equal('checkbox');
    expect(textOf(box.closest('label'))).to.contain('You may contact me by email about this request');
    expect(textOf(root().querySelector('label[for="f-email"]'))).to.equal('Email address (optional)');
    t.el.remove();
  });

  it('by keyboard: a required box left unticked is announced and focused, Space ticks it, Enter sends', async () => {
    const { t, root, formEl } = await mount(true);
    await tabTo(isInput('name'), 'the name field', true);
    await sendKeys({ type: 'Ann Smith' });
    await sendKeys({ press: 'Tab' });
    expect(isInput('email')(deepActive())).to.equal(true);
    await sendKeys({ type: 'ann@example.com' });
    await sendKeys({ press: 'Enter' });
    await whenDom(root(), () => root().querySelector('#f-consent-err') !== null, 'consent error');
    expect(textOf(root().querySelector('#f-consent-err'))).to.equal('Please tick this box to go on.');
    const box = root().querySelector<HTMLInputElement>('input[name="consent"]')!;
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    expect(box.getAttribute('aria-describedby')).to.equal('f-consent-err');
    await whenFocused(isInput('consent'), 'the unticked consent box');
    expect(framesOf((await t.peer.control({ action: 'state' })).frames, 'message.send')).to.have.length(0);

    await sendKeys({ press: 'Space' });
    await formEl().updateComplete;
    expect(box.checked).to.equal(true);
    expect(root().querySelector('#f-consent-err'), 'ticking clears the error').to.equal(null);
    await sendKeys({ press: 'Enter' });
    await t.peer.frame('message.send', {
      content: {
        type: 'form_response',
        formId: 'contact',
        values: { name: 'Ann Smith', email: 'ann@example.com', consent: 'yes' },
      },
    });
    t.el.remove();
  });

  it("an optional box left unticked is sent as no; the server's e-mail verdict is shown and announced", async () => {
    const { t, root } = await mount(false);
    await t.peer.control({ action: 'set', options: { formInvalid: { email: 'email.invalid' } } });
    root().querySelector<HTMLInputElement>('input[name="name"]')!.value = 'Ann';
    root().querySelector('input[name="name"]')!.dispatchEvent(new Event('input'));
    const email = root().querySelector<HTMLInputElement>('input[name="email"]')!;
    email.value = 'ann@example.invalid';
    email.dispatchEvent(new Event('input'));
    root().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await t.peer.frame('message.send', {
      content: {
        type: 'form_response',
        formId: 'contact',
        values: { name: 'Ann', email: 'ann@example.invalid', consent: 'no' },
      },
    });
    await t.when(() => root().querySelector('#f-email-err'), 'server verdict shown');
    expect(textOf(root().querySelector('#f-email-err'))).to.equal('Please enter a valid email address.');
    expect(textOf(root().querySelector('[role="alert"]'))).to.equal(
      'Email address: Please enter a valid email address.',
    );
    await whenFocused(isInput('email'), 'the refused e-mail');
    t.el.remove();
  });
});

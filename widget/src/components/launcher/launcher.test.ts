import { expect, fixture, html } from '@open-wc/testing';
import { setLocale } from '../../controllers/localize-controller.js';
import { define } from '../../define.js';
import { ParleyLauncher } from './launcher.js';

define('parley-launcher', ParleyLauncher);

describe('<parley-launcher>', () => {
  it('is a labelled button that reflects open state', async () => {
    const el = await fixture<ParleyLauncher>(html`<parley-launcher></parley-launcher>`);
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.getAttribute('aria-label')).to.equal('Open chat');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    el.open = true;
    await el.updateComplete;
    expect(button.getAttribute('aria-label')).to.equal('Close chat');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
  });

  it('shows the unread badge only while closed, and says it to screen readers', async () => {
    const el = await fixture<ParleyLauncher>(html`<parley-launcher .unread=${3}></parley-launcher>`);
    expect(el.shadowRoot!.querySelector('.badge')!.textContent).to.equal('3');
    expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-label')).to.equal('Open chat, 3 unread');
    el.unread = 150;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.badge')!.textContent).to.equal('99+');
    el.open = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.badge')).to.equal(null);
  });

  it('switches language at runtime (French catalogue loaded on demand)', async () => {
    const el = await fixture<ParleyLauncher>(html`<parley-launcher></parley-launcher>`);
    await setLocale('fr-CA');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-label')).to.equal('Ouvrir le chat');
    await setLocale('xx');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-label')).to.equal('Open chat');
  });

  it('is accessible', async () => {
    const el = await fixture<ParleyLauncher>(html`<parley-launcher .unread=${2}></parley-launcher>`);
    await expect(el).to.be.accessible();
  });
});

/** The BUILT loader paints the launcher before the boot chunk arrives, and a click made then is not lost. */
import { expect } from '@open-wc/testing';
import { loadGatedWidget } from '../test-support/gated-widget.js';
import { whenTrue } from '../test-support/wait.js';
import { chatSignals } from '../test-support/chat-signals.js';

describe('built bundle, launcher before boot', () => {
  it('shows an accessible launcher while boot is held; a click then opens the panel once boot arrives', async () => {
    const { host, button, held, release } = await loadGatedWidget({ position: 'left' });
    // Boot cannot have run: its chunk is held by the server.
    expect(customElements.get('parley-chat')).to.equal(undefined);
    expect(button.getAttribute('aria-label')).to.equal('Open chat');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.getAttribute('part')).to.equal('launcher-button');
    const box = button.getBoundingClientRect();
    expect(box.width).to.be.greaterThan(40);
    expect(box.left).to.be.lessThan(innerWidth / 2); // data-position="left"
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(31, 79, 209)'); // --_accent default
    await expect(host).to.be.accessible();

    button.click();
    expect(button.getAttribute('aria-busy')).to.equal('true');
    // The click asked for boot, and the server is holding it: nothing may have defined the element.
    await held();
    expect(customElements.get('parley-chat')).to.equal(undefined);
    expect(host.hasAttribute('open')).to.equal(false);

    await release();
    const el = document.querySelector('parley-chat')!;
    expect(el).to.equal(host); // upgraded in place, not replaced
    const opened = () => el.open && el.session?.connectionState === 'online';
    await whenTrue(() => chatSignals(el), opened, 'panel opened by the early click');
    expect(el.shadowRoot!.querySelector('span[part=launcher]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('parley-panel')!.hidden).to.equal(false);
  });
});

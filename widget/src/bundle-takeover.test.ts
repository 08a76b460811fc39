/** The BUILT widget taking over from the loader's launcher: same place, same look, same name. */
import { expect } from '@open-wc/testing';
import { loadGatedWidget } from '../test-support/gated-widget.js';

/** Where a box is and how big, as plain numbers. */
const place = ({ x, y, width, height }: DOMRect) => ({ x, y, width, height });

describe('built bundle, boot takes over the painted launcher', () => {
  it('keeps the launcher where it was, with the same look and name', async () => {
    const { host, button, release } = await loadGatedWidget();
    const before = place(button.getBoundingClientRect());
    const colour = getComputedStyle(button).backgroundColor;
    await release();
    const launcher = host.shadowRoot!.querySelector('parley-launcher')!;
    await launcher.updateComplete;
    const real = launcher.shadowRoot!.querySelector('button')!;
    expect(real).to.not.equal(button);
    expect(place(real.getBoundingClientRect())).to.deep.equal(before);
    expect(getComputedStyle(real).backgroundColor).to.equal(colour);
    expect(real.getAttribute('aria-label')).to.equal(button.getAttribute('aria-label'));
    expect(host.open).to.equal(false);
  });
});

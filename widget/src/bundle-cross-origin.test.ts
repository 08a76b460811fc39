/** The BUILT widget loaded from another origin, as a site embeds it (own page: the loader runs once per page). */
import { expect } from '@open-wc/testing';
import { whenOnline } from '../test-support/chat-signals.js';
import { peerScope } from '../test-support/peer-client.js';

describe('built bundle, embedded from another origin', () => {
  it('resolves its chunks relative to the script URL (cross-origin, CORS)', async () => {
    const peer = await peerScope();
    const widgetOrigin = new URL(peer.server).origin;
    expect(widgetOrigin).to.not.equal(location.origin);
    const ready = new Promise<void>((resolve) => addEventListener('parley-ready', () => resolve(), { once: true }));
    const script = document.createElement('script');
    script.src = `${widgetOrigin}/dist/parley.js`;
    script.dataset['server'] = peer.server;
    document.body.append(script);
    await ready;
    expect(await window.Parley!.open()).to.equal(true);
    await whenOnline(document.querySelector('parley-chat')!);
    const loaded = performance
      .getEntriesByType('resource')
      .map((r) => r.name)
      .filter((n) => n.startsWith(`${widgetOrigin}/dist/`));
    expect(loaded.some((n) => n.includes('/dist/boot-'))).to.equal(true);
    expect(loaded.some((n) => n.includes('/dist/panel-entry-'))).to.equal(true);
  });
});

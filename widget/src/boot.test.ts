import { expect } from '@open-wc/testing';
import type { QueuedCall } from './api/parley-api.js';
import { boot } from './boot.js';
import { whenOnline } from '../test-support/chat-signals.js';
import { framesOf, peerScope } from '../test-support/peer-client.js';

describe('boot + window.Parley', () => {
  it('mounts once, replays queued calls, fires parley-ready, and the API drives the widget', async () => {
    const peer = await peerScope();
    let readyFired = false;
    addEventListener('parley-ready', () => (readyFired = true), { once: true });
    const opened: string[] = [];
    const queue: QueuedCall[] = [
      ['on', ['parley-open', (e: Event) => opened.push(e.type)], () => undefined],
      ['setUser', [{ name: 'Ann', phone: '+442079460958', ignored: 'x' }]],
    ];
    const api = boot({
      scriptSrc: `${location.origin}/parley.js`,
      data: { server: peer.server, title: 'Help', position: 'left' },
      queue,
    });
    expect(readyFired).to.equal(true);
    expect(window.Parley).to.equal(api);
    const el = document.querySelector('parley-chat')!;
    expect(el.position).to.equal('left');
    expect(await api.open()).to.equal(true);
    expect(opened).to.deep.equal(['parley-open']);
    await whenOnline(el);
    const [hello] = framesOf((await peer.control({ action: 'state' })).frames, 'session.hello');
    expect(hello!.user).to.deep.equal({ name: 'Ann', phone: '+442079460958' });
    expect(await api.send('from the page')).to.equal(true);
    await peer.frame('message.send');
    const off = api.on('parley-close', () => opened.push('close'));
    api.close();
    off();
    await api.toggle();
    api.close();
    expect(opened).to.deep.equal(['parley-open', 'close', 'parley-open']);
    // A second boot (script pasted twice) reuses the mounted element.
    boot({ scriptSrc: `${location.origin}/parley.js`, data: {}, queue: [] });
    expect(document.querySelectorAll('parley-chat')).to.have.length(1);
    el.remove();
  });
});

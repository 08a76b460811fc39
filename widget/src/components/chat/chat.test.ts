import { expect } from '@open-wc/testing';
import { mountChat, whenOnline } from '../../../test-support/mount.js';
import { framesOf } from '../../../test-support/peer-client.js';
import { nextEvent } from '../../../test-support/wait.js';

describe('<parley-chat>', () => {
  it('shows only the launcher until clicked, then lazy-loads and connects', async () => {
    const t = await mountChat();
    expect(t.el.shadowRoot!.querySelector('parley-panel')).to.equal(null);
    expect(t.el.session).to.equal(undefined);
    t.el.shadowRoot!.querySelector('parley-launcher')!.shadowRoot!.querySelector('button')!.click();
    await whenOnline(t.el);
    await t.when(() => t.panel(), 'panel');
    expect(t.el.open).to.equal(true);
    t.el.remove();
  });

  it('Escape closes the panel and returns focus to the launcher', async () => {
    const t = await mountChat();
    await t.open();
    t.panel().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await t.el.updateComplete;
    expect(t.el.open).to.equal(false);
    expect(t.panel().hidden).to.equal(true);
    const launcher = t.el.shadowRoot!.querySelector('parley-launcher')!;
    await t.when(() => launcher.shadowRoot!.activeElement?.tagName === 'BUTTON', 'focus on launcher');
    t.el.remove();
  });

  it('parley-open is cancelable', async () => {
    const t = await mountChat();
    t.el.addEventListener('parley-open', (e) => e.preventDefault(), { once: true });
    expect(await t.el.show('api')).to.equal(false);
    expect(t.el.open).to.equal(false);
    t.el.remove();
  });

  it('parley-message-send can veto a message; parley-message reports new ones', async () => {
    const t = await mountChat();
    await t.open();
    const received: string[] = [];
    t.el.addEventListener('parley-message', (e) => received.push(e.detail.message.content.type));
    t.el.addEventListener('parley-message-send', (e) => {
      if (e.detail.content.type === 'text' && e.detail.content.text.includes('4111')) e.preventDefault();
    });
    expect(t.el.session!.sendText('my card is 4111 1111 1111 1111')).to.equal(false);
    expect(t.el.session!.sendText('hello')).to.equal(true);
    await t.frame('message.send');
    const state = await t.peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'message.send').map((f) => f.content)).to.deep.equal([
      { type: 'text', text: 'hello' },
    ]);
    const message = nextEvent(t.el, 'parley-message');
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'hi' } });
    await message;
    expect(received).to.deep.equal(['text']);
    t.el.remove();
  });

  it('counts unread messages while minimised, clears them on open, and fires parley-unread', async () => {
    const t = await mountChat();
    await t.open();
    t.el.hide('api');
    const counts: number[] = [];
    t.el.addEventListener('parley-unread', (e) => counts.push(e.detail.count));
    const twoUnread = nextEvent(t.el, 'parley-unread', (e) => e.detail.count === 2);
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'one' } });
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'two' } });
    await twoUnread;
    await t.el.updateComplete;
    const badge = t.el.shadowRoot!.querySelector('parley-launcher')!.shadowRoot!.querySelector('.badge')!;
    expect(badge.textContent).to.equal('2');
    await t.el.show('user');
    expect(counts.at(-1)).to.equal(0);
    t.el.remove();
  });

  it('restores an existing conversation on load without a click (reload)', async () => {
    const first = await mountChat();
    await first.open();
    await first.peer.control({ action: 'push', content: { type: 'text', text: 'before reload' } });
    await first.when(() => first.messages().length === 1, 'message');
    first.el.hide('api');
    first.el.remove();
    const second = await mountChat({ server: first.opts.server });
    await whenOnline(second.el, 'restored and online');
    expect(second.el.session!.store.messages.map((m) => m.content.type === 'text' && m.content.text)).to.deep.equal([
      'before reload',
    ]);
    const hellos = framesOf((await first.peer.control({ action: 'state' })).frames, 'session.hello');
    expect(hellos).to.have.length(2);
    expect(hellos[1]!.token).to.equal(hellos[0]!.token ?? second.el.session!.store.token);
    second.el.remove();
  });

  it('follows open state changed in another tab (storage event)', async () => {
    const t = await mountChat();
    const key = Object.keys(localStorage).find((k) => k.includes(t.opts.server) && k.endsWith(':ui'));
    const uiKey = key ?? `parley:v1:${t.opts.server}:ui`;
    localStorage.setItem(uiKey, JSON.stringify({ open: true, lastReadSeq: 0, unread: 0, hasConversation: false }));
    dispatchEvent(new StorageEvent('storage', { key: uiKey }));
    await t.when(() => t.el.open && t.el.session, 'opened from another tab');
    t.el.remove();
  });

  it('ends the conversation after confirmation and offers a new one', async () => {
    const t = await mountChat();
    const panel = await t.open();
    await t.settle();
    panel.shadowRoot!.querySelector<HTMLButtonElement>('button.end')!.click();
    await panel.updateComplete;
    const confirm = panel.shadowRoot!.querySelector('.confirm')!;
    confirm.querySelector('button')!.click();
    await t.frame('conversation.end');
    await t.peer.control({ action: 'view', view: { status: 'ended' } });
    await t.when(() => panel.shadowRoot!.querySelector('button.new-chat'), 'new chat button');
    expect(panel.shadowRoot!.querySelector('parley-composer')).to.equal(null);
    t.el.remove();
  });

  it('fires parley-connection-change and parley-escalate, shows status and typing', async () => {
    const t = await mountChat();
    const states: string[] = [];
    const escalations: string[] = [];
    t.el.addEventListener('parley-connection-change', (e) => states.push(e.detail.state));
    t.el.addEventListener('parley-escalate', (e) => escalations.push(e.detail.channel));
    const panel = await t.open();
    expect(states).to.deep.equal(['connecting', 'online']);
    const escalated = nextEvent(t.el, 'parley-escalate');
    await t.peer.control({ action: 'view', view: { status: 'escalation_requested' } });
    await escalated;
    expect(escalations).to.deep.equal(['chat']);
    await t.peer.control({ action: 'view', view: { status: 'queued', queue: { position: 2 } } });
    await t.when(
      () => panel.shadowRoot!.querySelector('.status')!.textContent === 'You are number 2 in the queue',
      'queue position',
    );
    // AACC's estimated wait (seconds) reads in whole minutes, and only from one minute up.
    await t.peer.control({
      action: 'view',
      view: { status: 'queued', queue: { position: 1, estimatedWaitSeconds: 150 } },
    });
    await t.when(
      () => panel.shadowRoot!.querySelector('.status')!.textContent === 'You are number 1 in the queue, about 3 min',
      'queue position and wait',
    );
    await t.peer.control({
      action: 'view',
      view: { status: 'queued', queue: { position: 1, estimatedWaitSeconds: 20 } },
    });
    await t.when(
      () => panel.shadowRoot!.querySelector('.status')!.textContent === 'You are number 1 in the queue',
      'a wait under a minute is not shown',
    );
    await t.peer.control({ action: 'typing', author: { role: 'agent', name: 'Maria' }, active: true });
    await t.when(
      () =>
        t
          .list()
          .shadowRoot!.querySelector('parley-typing-indicator')
          ?.shadowRoot?.textContent?.includes('Maria is typing'),
      'typing shown',
    );
    await t.peer.control({
      action: 'push',
      author: { role: 'agent', name: 'Maria' },
      content: { type: 'text', text: 'Hi' },
    });
    await t.when(() => !t.list().shadowRoot!.querySelector('parley-typing-indicator'), 'typing cleared by the message');
    t.el.remove();
  });

  it('shows the offline banner when only the connection state changes, and clears it once back online', async () => {
    const t = await mountChat();
    const panel = await t.open();
    const banner = () => panel.shadowRoot!.querySelector('.banner');
    await t.settle();
    expect(banner()).to.equal(null);
    dispatchEvent(new Event('offline'));
    await t.when(() => banner()?.textContent?.includes('You are offline'), 'offline banner');
    dispatchEvent(new Event('online'));
    await whenOnline(t.el, 'back online');
    await t.when(() => banner() === null, 'banner cleared');
    t.el.remove();
  });

  it('never says "number 0 in the queue": an unknown position reads "Waiting for an agent"', async () => {
    const t = await mountChat();
    const panel = await t.open();
    const status = () => panel.shadowRoot!.querySelector('.status')!.textContent;
    await t.peer.control({ action: 'view', view: { status: 'queued', queue: { position: 3 } } });
    await t.when(() => status() === 'You are number 3 in the queue', 'queue position');
    await t.peer.control({ action: 'view', view: { status: 'queued', queue: { position: 0 } } });
    await t.when(() => status() === 'Waiting for an agent', 'neutral wait for position 0');
    t.el.remove();
  });

  it('the open panel is accessible', async () => {
    const t = await mountChat({ welcome: 'Hello!' });
    const panel = await t.open();
    await t.peer.control({
      action: 'push',
      content: {
        type: 'text',
        text: 'How can I help?',
        actions: [{ type: 'reply', label: 'Billing', payload: 'billing' }],
      },
    });
    await t.when(() => t.messages().length === 1, 'message');
    await t.settle();
    await expect(panel).to.be.accessible();
    t.el.remove();
  });
});

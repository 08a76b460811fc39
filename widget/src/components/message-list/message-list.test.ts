import { expect } from '@open-wc/testing';
import { mountChat, textOf, whenOnline } from '../../../test-support/mount.js';
import { framesOf, type PeerMessage } from '../../../test-support/peer-client.js';
import { whenTrue } from '../../../test-support/wait.js';

const DAY = 86_400_000;

function old(id: string, conversationId: string, seq: number, text: string, createdAt: number): PeerMessage {
  return {
    id,
    conversationId,
    seq,
    author: { role: 'agent', name: 'Maria' },
    content: { type: 'text', text },
    createdAt,
  };
}

describe('<parley-message-list>', () => {
  it('is a polite live log and is accessible', async () => {
    const t = await mountChat({ welcome: 'Hi! How can we help?' });
    await t.open();
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'Hello' } });
    await t.when(() => t.messages().length === 1, 'message');
    const log = t.list().shadowRoot!.querySelector('[role="log"]')!;
    expect(log.getAttribute('aria-live')).to.equal('polite');
    await expect(t.list()).to.be.accessible();
    t.el.remove();
  });

  it('shows the welcome greeting only while the conversation is empty', async () => {
    const t = await mountChat({ welcome: 'Hi! How can we help?' });
    await t.open();
    await t.settle();
    expect(textOf(t.list().shadowRoot!.querySelector('.welcome'))).to.equal('Hi! How can we help?');
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'Hello' } });
    await t.when(() => t.messages().length === 1, 'message');
    expect(t.list().shadowRoot!.querySelector('.welcome')).to.equal(null);
    t.el.remove();
  });

  it('offers no "Show history" in a brand-new conversation with nothing older', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'Hello' } });
    await t.when(() => t.messages().length === 1, 'message');
    expect(t.list().shadowRoot!.querySelector('.history')).to.equal(null);
    t.el.remove();
  });

  it('"Show history" loads earlier conversations (also after a reload), with Today / Yesterday / date separators', async () => {
    const t = await mountChat();
    await t.open();
    const now = Date.now();
    await t.peer.control({
      action: 'seedHistory',
      messages: [old('h1', 'c-old', 1, 'three days ago', now - 3 * DAY), old('h2', 'c-old', 2, 'yesterday', now - DAY)],
    });
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'first chat' } });
    await t.when(() => t.messages().length === 1, 'first conversation');
    // That conversation ends while the visitor is away; the same visitor gets a new one (replay reset),
    // and the widget loads the history at once.
    await t.peer.control({ action: 'restart' });
    await t.peer.control({ action: 'drop' });
    await t.when(() => t.messages().length === 3, 'history loaded after the reset', 20_000);
    await whenOnline(t.el, 'online again');
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'today' } });
    await t.when(() => t.messages().length === 4, 'current message');
    t.el.hide('api');
    t.el.remove();

    // After a reload only the current conversation is cached, but older ones are still offered.
    const again = await mountChat({ server: t.opts.server });
    await again.open();
    await again.when(() => again.messages().length === 1, 'current conversation restored');
    const button = again.list().shadowRoot!.querySelector<HTMLButtonElement>('button.history')!;
    expect(textOf(button)).to.equal('Show history');
    button.click();
    await again.when(() => again.messages().length === 4, 'history rendered');
    const texts = again.messages().map((m) => textOf(m.shadowRoot!.querySelector('.bubble')));
    expect(texts).to.deep.equal(['three days ago', 'yesterday', 'first chat', 'today']);
    const days = [...again.list().shadowRoot!.querySelectorAll('.day')].map((d) => d.textContent);
    // Each conversation starts after a divider with its own day heading.
    expect(days).to.have.length(4);
    expect(days[0]).to.match(/\d/);
    expect(days.slice(1)).to.deep.equal(['Yesterday', 'Today', 'Today']);
    expect(again.list().shadowRoot!.querySelectorAll('hr.next')).to.have.length(2);
    // Nothing older: the button goes away.
    expect(again.list().shadowRoot!.querySelector('button.history')).to.equal(null);
    again.el.remove();
  });

  it('"Show history" goes back a page at a time, until there is nothing older', async () => {
    const t = await mountChat();
    await t.open();
    const start = Date.now() - DAY;
    const older = Array.from({ length: 70 }, (_, i) => old(`p${i}`, 'c-old', i + 1, `old ${i + 1}`, start + i * 1000));
    await t.peer.control({ action: 'seedHistory', messages: older });
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'first chat' } });
    await t.when(() => t.messages().length === 1, 'first conversation');
    // A new conversation for the same visitor: the widget loads the newest page of the 71 earlier messages at once.
    await t.peer.control({ action: 'restart' });
    await t.peer.control({ action: 'drop' });
    await t.when(() => t.messages().length === 50, 'the newest page of history', 20_000);
    const bubbles = () => t.messages().map((m) => textOf(m.shadowRoot!.querySelector('.bubble')));
    expect(bubbles()[0]).to.equal('old 22');
    const button = await t.when(
      () => t.list().shadowRoot!.querySelector<HTMLButtonElement>('button.history'),
      'Show history, for the older page',
    );
    button.click();
    await t.when(() => t.messages().length === 71, 'the older page');
    expect(bubbles().slice(0, 2)).to.deep.equal(['old 1', 'old 2']);
    expect(bubbles().at(-1)).to.equal('first chat');
    const fetches = framesOf((await t.peer.control({ action: 'state' })).frames, 'history.fetch');
    expect(fetches.map((f) => f.before)).to.deep.equal([undefined, '21']);
    await t.settle();
    expect(t.list().shadowRoot!.querySelector('button.history')).to.equal(null);
    t.el.remove();
  });

  it('shows a message as "Sending…" until the server acknowledges it', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'set', options: { dropBeforeAck: true } });
    t.el.session!.sendText('queued');
    await t.settle();
    expect(textOf(t.list().shadowRoot!.querySelector('.pending'))).to.contain('Sending');
    await t.when(() => t.messages().length === 1, 'delivered after reconnect', 20_000);
    expect(t.list().shadowRoot!.querySelector('.pending')).to.equal(null);
    t.el.remove();
  });
});

describe('<parley-message-list> scrolling', () => {
  it('stays at the newest message, but offers "New messages" instead of jumping when scrolled up', async () => {
    const t = await mountChat();
    await t.open();
    for (let i = 0; i < 12; i++)
      await t.peer.control({ action: 'push', content: { type: 'text', text: `line ${i}\n\n\n` } });
    await t.when(() => t.messages().length === 12, 'messages');
    const scroller = t.list().shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 2;
    await whenTrue(() => [[scroller, 'scroll']], atBottom, 'pinned to bottom');
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'newest' } });
    await t.when(() => t.list().shadowRoot!.querySelector('button.new'), '"New messages" button');
    expect(scroller.scrollTop).to.equal(0);
    t.list().shadowRoot!.querySelector<HTMLButtonElement>('button.new')!.click();
    await whenTrue(() => [[scroller, 'scroll']], atBottom, 'back at the bottom');
    await t.list().updateComplete;
    expect(t.list().shadowRoot!.querySelector('button.new')).to.equal(null);
    t.el.remove();
  });

  it('while queued, queue places and comfort messages leave the offer to leave a message usable; not otherwise', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'view', view: { status: 'queued', queue: { position: 2 } } });
    const offer = { label: 'Leave a message instead', payload: 'parley:queue:leave' };
    await t.peer.control({
      action: 'push',
      content: { type: 'text', text: 'Sorry for the wait.', actions: [{ type: 'postback', ...offer }] },
    });
    const system = { role: 'system' };
    await t.peer.control({ action: 'push', author: system, content: { type: 'event', event: 'queue_position' } });
    await t.peer.control({ action: 'push', author: system, content: { type: 'text', text: 'Thank you for waiting.' } });
    await t.when(() => t.messages().length === 3, 'the offer, then a place and a comfort message');
    const button = () => t.messages()[0]!.shadowRoot!.querySelector<HTMLButtonElement>('.actions button')!;
    await t.settle();
    expect(button().disabled, 'usable while waiting').to.equal(false);
    button().click();
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'postback', ...offer });

    // Once an agent has the chat, a later entry makes it an old button like any other.
    await t.peer.control({ action: 'view', view: { status: 'with_agent' } });
    await t.when(() => button().disabled, 'disabled once no longer queued');
    t.el.remove();
  });
});

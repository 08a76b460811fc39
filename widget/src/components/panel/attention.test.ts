import { expect } from '@open-wc/testing';
import { buttonNamed } from '../../../test-support/keyboard.js';
import { mountChat } from '../../../test-support/mount.js';
import { nextEvent, withDeadline } from '../../../test-support/wait.js';

/** Resolves once the page title satisfies `check` (watched through the <title> element's mutations). */
function whenTitle(check: (title: string) => boolean, what: string): Promise<string> {
  let observer: MutationObserver | undefined;
  const met = new Promise<string>((resolve) => {
    if (check(document.title)) return resolve(document.title);
    observer = new MutationObserver(() => {
      if (check(document.title)) resolve(document.title);
    });
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
  });
  return withDeadline(met, what).finally(() => observer?.disconnect());
}

/** Counts the chimes: oscillators started through any AudioContext. */
function countChimes(): { count: () => number; restore: () => void } {
  let started = 0;
  const proto = BaseAudioContext.prototype;
  const original = Reflect.get<BaseAudioContext, 'createOscillator'>(proto, 'createOscillator');
  proto.createOscillator = function (this: BaseAudioContext) {
    started++;
    return original.call(this);
  };
  return { count: () => started, restore: () => (proto.createOscillator = original) };
}

describe('unread attention while the panel is closed', () => {
  afterEach(() => localStorage.removeItem('parley:sound'));

  it('the launcher shows the count, the page title flashes it and comes back when the panel opens', async () => {
    document.title = 'Energy Co';
    const t = await mountChat();
    await t.open();
    t.el.hide('user');
    const unread = nextEvent(t.el, 'parley-unread', (e) => e.detail.count === 2);
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'one' } });
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'two' } });
    await unread;
    await t.settle();
    const badge = t.el.shadowRoot!.querySelector('parley-launcher')!.shadowRoot!.querySelector('.badge')!;
    expect(badge.textContent).to.equal('2');
    await whenTitle((title) => title === '(2) New message', 'the flashing title');
    await whenTitle((title) => title === 'Energy Co', 'the page title in turn');
    await t.el.show('user');
    await t.settle();
    expect(document.title).to.equal('Energy Co');
    t.el.remove();
  });

  it('no chime unless the visitor turned sound on; then one per new message while closed', async () => {
    const chimes = countChimes();
    try {
      const t = await mountChat();
      const panel = await t.open();
      const sound = panel.shadowRoot!.querySelector<HTMLButtonElement>('button.sound')!;
      expect(buttonNamed('Sound for new messages')(sound)).to.equal(true);
      expect(sound.getAttribute('aria-pressed')).to.equal('false');
      t.el.hide('user');
      let next = nextEvent(t.el, 'parley-unread', (e) => e.detail.count === 1);
      await t.peer.control({ action: 'push', content: { type: 'text', text: 'silent' } });
      await next;
      await t.settle();
      expect(chimes.count()).to.equal(0);

      await t.el.show('user');
      sound.click();
      await t.settle();
      expect(sound.getAttribute('aria-pressed')).to.equal('true');
      expect(localStorage.getItem('parley:sound')).to.equal('on');
      t.el.hide('user');
      next = nextEvent(t.el, 'parley-unread', (e) => e.detail.count === 1);
      await t.peer.control({ action: 'push', content: { type: 'text', text: 'ding' } });
      await next;
      await t.settle();
      expect(chimes.count()).to.equal(2); // two notes
      t.el.remove();
    } finally {
      chimes.restore();
    }
  });
});

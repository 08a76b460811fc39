import { expect } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { setLocale } from '../../controllers/localize-controller.js';
import { mountChat, textOf } from '../../../test-support/mount.js';
import { nextEvent } from '../../../test-support/wait.js';

type Chat = Awaited<ReturnType<typeof mountChat>>;

/** Runs axe-core over the whole widget (every shadow root): zero violations, whatever their impact. */
async function expectAccessible(t: Chat, state: string): Promise<void> {
  await t.settle();
  try {
    await expect(t.el).to.be.accessible();
  } catch (err) {
    throw new Error(`${state}: ${(err as Error).message}`);
  }
}

const bot = (t: Chat, content: Record<string, unknown>) => t.peer.control({ action: 'push', content });

describe('every widget state passes axe-core', () => {
  it('launcher, unread badge, greeting with quick replies, buttons, form with errors, typing, confirmation, ended', async () => {
    const t = await mountChat();
    await expectAccessible(t, 'the launcher');
    await t.open();
    await expectAccessible(t, 'the empty panel');
    await bot(t, {
      type: 'text',
      text: 'What can I help you with?',
      actions: [
        { type: 'reply', label: 'Bills', payload: 'bills' },
        { type: 'link', label: 'Our site', url: 'https://example.com/' },
      ],
    });
    await bot(t, {
      type: 'text',
      text: 'Talk to an agent using:',
      actions: [
        { type: 'postback', label: 'Chat', payload: 'chat' },
        { type: 'postback', label: 'Voice', payload: 'voice' },
      ],
    });
    await t.when(() => t.messages().length === 2, 'two messages');
    await expectAccessible(t, 'quick replies and Chat/Voice buttons');

    await t.peer.control({ action: 'set', options: { formInvalid: { phone: 'phone.invalid' } } });
    await bot(t, {
      type: 'form',
      formId: 'f',
      title: 'Your details',
      fields: [
        { name: 'name', kind: 'name', label: 'Your name', required: true },
        { name: 'phone', kind: 'phone', label: 'Phone number', required: true },
        { name: 'when', kind: 'choice', label: 'When', required: false, options: [{ value: 'now', label: 'Now' }] },
      ],
    });
    await t.when(() => t.messages().length === 3, 'the form');
    const form = () => t.messages()[2]!.shadowRoot!.querySelector('parley-form')!;
    form().shadowRoot!.querySelector('form')!.requestSubmit();
    await t.when(() => form().shadowRoot!.querySelector('.error'), 'local errors');
    await expectAccessible(t, 'a form with errors');
    const input = (name: string) => form().shadowRoot!.querySelector<HTMLInputElement>(`[name=${name}]`)!;
    for (const [name, value] of [
      ['name', 'Ann'],
      ['phone', '07400 123456'],
    ] as const) {
      input(name).value = value;
      input(name).dispatchEvent(new Event('input'));
    }
    form().shadowRoot!.querySelector('form')!.requestSubmit();
    await t.when(() => textOf(form().shadowRoot!.querySelector('[role=alert]')), 'the server refusal');
    await expectAccessible(t, 'a form the server refused');

    await t.peer.control({ action: 'typing', author: { role: 'agent', name: 'Maria' }, active: true });
    await t.when(() => t.el.session!.store.typing, 'typing');
    await expectAccessible(t, 'typing');

    await t.peer.control({ action: 'view', view: { status: 'queued', queue: { position: 2 } } });
    await t.when(() => t.el.session!.store.view.status === 'queued', 'queued');
    await expectAccessible(t, 'queued');
    await t.peer.control({
      action: 'view',
      view: {
        status: 'voice_requested',
        call: { id: 'k1', status: 'scheduled', scheduledFor: Date.now() + 3_600_000 },
      },
    });
    await bot(t, {
      type: 'event',
      event: 'call_status',
      data: { callId: 'k1', status: 'scheduled', scheduledFor: Date.now() + 3_600_000 },
    });
    await t.when(() => t.messages().some((m) => m.message.content.type === 'event'), 'call status');
    await expectAccessible(t, 'a scheduled callback');

    t.panel().shadowRoot!.querySelector<HTMLButtonElement>('button.end')!.click();
    await t.when(() => t.panel().shadowRoot!.querySelector('.confirm'), 'the confirmation');
    await expectAccessible(t, 'the End chat confirmation');
    t.panel().shadowRoot!.querySelector<HTMLButtonElement>('.confirm button')!.click();
    await t.when(() => t.panel().shadowRoot!.querySelector('.new-chat'), 'ended');
    await expectAccessible(t, 'an ended conversation');

    // Minimised with unread messages: the badge.
    t.el.hide('user');
    const unread = nextEvent(t.el, 'parley-unread', (e) => e.detail.count > 0);
    await bot(t, { type: 'text', text: 'Anything else?' });
    await unread;
    await expectAccessible(t, 'the launcher with an unread badge');
    t.el.remove();
  });

  it('connection banners: reconnecting, and a site whose origin the server refuses (close 4031)', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'set', options: { mute: true } });
    await t.peer.control({ action: 'close', code: 4031 });
    const banner = () => textOf(t.panel().shadowRoot!.querySelector('.banner'));
    expect(await t.when(() => banner().includes('not allowed'), 'the origin banner')).to.equal(true);
    expect(banner()).to.equal('The chat is unavailable: this site is not allowed to open a chat');
    expect(t.el.session!.connectionState).to.equal('failed');
    await expectAccessible(t, 'the origin refused banner');
    t.el.remove();
  });

  it('French: the widget says it is French (lang) and passes axe', async () => {
    const t = await mountChat({ locale: 'fr' });
    await t.open();
    // The widget loads the French catalogue on start; asking again resolves once it is in.
    await setLocale('fr');
    await t.settle();
    expect(t.el.getAttribute('lang')).to.equal('fr');
    expect(
      t.el
        .shadowRoot!.querySelector('parley-launcher')!
        .shadowRoot!.querySelector('button')!
        .getAttribute('aria-label'),
    ).to.equal('Fermer le chat');
    await bot(t, { type: 'text', text: 'Bonjour', actions: [{ type: 'reply', label: 'Oui', payload: 'oui' }] });
    await t.when(() => t.messages().length === 1, 'a message');
    await expectAccessible(t, 'French panel');
    t.el.remove();
    await setLocale('en');
  });
});

describe('reflow and motion', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  for (const [what, width, height] of [
    ['320 px wide', 320, 640],
    ['200% zoom (a 1280 x 800 window seen at 640 x 400 CSS px)', 640, 400],
  ] as const) {
    it(`at ${what} the panel fits the viewport with no horizontal scrolling`, async () => {
      await setViewport({ width, height });
      const t = await mountChat();
      await t.open();
      await bot(t, {
        type: 'text',
        text: 'A long line with a long word: supercalifragilisticexpialidocious-and-some-more-characters-to-wrap',
        actions: [
          { type: 'reply', label: 'Chat with an agent now please', payload: 'a' },
          { type: 'reply', label: 'Leave a message for later', payload: 'b' },
        ],
      });
      await t.when(() => t.messages().length === 1, 'the message');
      const rect = t.panel().getBoundingClientRect();
      expect(rect.left).to.be.at.least(0);
      expect(rect.right).to.be.at.most(width);
      const scroller = t.list().shadowRoot!.querySelector('.scroller')!;
      expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(width);
      const composer = t.panel().shadowRoot!.querySelector('parley-composer')!.getBoundingClientRect();
      expect(composer.right).to.be.at.most(width);
      expect(composer.bottom).to.be.at.most(height);
      await expectAccessible(t, what);
      t.el.remove();
    });
  }

  it('under prefers-reduced-motion the typing dots do not animate', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'typing', author: { role: 'bot' }, active: true });
    const dot = await t.when(
      () => t.list().shadowRoot!.querySelector('parley-typing-indicator')?.shadowRoot?.querySelector('.dots span'),
      'the typing dots',
    );
    expect(parseFloat(getComputedStyle(dot).animationDuration)).to.be.below(0.001);
    t.el.remove();
  });
});

import { expect } from '@open-wc/testing';
import { mountChat, textOf, whenOnline } from '../../../test-support/mount.js';
import { framesOf } from '../../../test-support/peer-client.js';

describe('Show history after End chat', () => {
  it('end a conversation, start a new one, reload, open history: the earlier conversation is there', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'How can I help?' } });
    t.el.session!.sendText('my bill is wrong');
    await t.when(() => t.messages().length === 2, 'the first conversation');
    const firstId = t.el.session!.store.conversationId;

    // End chat, confirmed; then "Start a new conversation".
    t.panel().shadowRoot!.querySelector<HTMLButtonElement>('button.end')!.click();
    await t.when(() => t.panel().shadowRoot!.querySelector('.confirm'), 'the confirmation');
    t.panel().shadowRoot!.querySelector<HTMLButtonElement>('.confirm button')!.click();
    const newChat = await t.when(
      () => t.panel().shadowRoot!.querySelector<HTMLButtonElement>('.new-chat'),
      'the ended conversation',
    );
    newChat.click();
    await t.when(
      () => t.el.session!.store.conversationId !== firstId && t.el.session!.connectionState === 'online',
      'the new conversation',
    );
    // Same visitor (token kept), a fresh conversation: nothing from the old one is shown until asked for.
    const hellos = framesOf((await t.peer.control({ action: 'state' })).frames, 'session.hello');
    expect(hellos).to.have.length(2);
    expect(hellos[1]!.token).to.equal(hellos[0]!.token ?? t.el.session!.store.token);
    expect(hellos[1]!.lastSeq).to.equal(undefined);
    expect(t.messages()).to.have.length(0);
    await t.peer.control({ action: 'push', content: { type: 'text', text: 'Welcome back' } });
    await t.when(() => t.messages().length === 1, 'the new greeting');
    t.el.remove();

    // Reload: the new conversation comes back, and "Show history" (beside the day heading) brings the old one.
    const again = await mountChat({ server: t.opts.server });
    await again.open();
    await whenOnline(again.el);
    await again.when(() => again.messages().length === 1, 'the current conversation after the reload');
    const button = await again.when(
      () => again.list().shadowRoot!.querySelector<HTMLButtonElement>('button.history'),
      'Show history',
    );
    expect(textOf(button)).to.equal('Show history');
    // Beside the first day heading, as Koopid has it.
    expect(textOf(button.closest('.day-row')?.querySelector('h3.day'))).to.equal('Today');
    button.click();
    await again.when(() => again.messages().length === 3, 'the earlier conversation');
    const texts = again.messages().map((m) => textOf(m.shadowRoot!.querySelector('.bubble')));
    expect(texts).to.deep.equal(['How can I help?', 'my bill is wrong', 'Welcome back']);
    expect(again.el.session!.store.messages[0]!.conversationId).to.equal(firstId);
    // The two conversations are told apart: a divider (and "Next conversation" for screen readers).
    const list = again.list().shadowRoot!;
    expect(list.querySelectorAll('hr.next')).to.have.length(1);
    expect(textOf(list.querySelector('hr.next + .sr-only'))).to.equal('Next conversation');
    await expect(again.el).to.be.accessible();
    again.el.remove();
  });
});

import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { buttonNamed, deepActive, describeFocus, tabTo, whenFocused } from '../../../test-support/keyboard.js';
import { chatSignals, mountChat, whenOnline } from '../../../test-support/mount.js';
import { framesOf } from '../../../test-support/peer-client.js';

const isComposerField = (el: Element | null) => el?.tagName === 'TEXTAREA' && el.id === 'text';
const isInput = (name: string) => (el: Element | null) => el?.tagName === 'INPUT' && el.getAttribute('name') === name;

describe('the keyboard path', () => {
  it('open, quick reply, form, Chat, End chat, Escape: focus is where the visitor goes on at every step', async () => {
    const t = await mountChat();
    const signals = () => chatSignals(t.el);

    // The launcher is the widget's first stop in the tab order; Enter opens the panel and focus goes in.
    await tabTo(buttonNamed('Open chat'), 'the launcher');
    await sendKeys({ press: 'Enter' });
    await whenOnline(t.el);
    await whenFocused(isComposerField, 'the message field after opening', signals);
    expect(deepActive()!.closest('form')?.getAttribute('aria-label'), 'the message form is named').to.equal(
      'Send a message',
    );

    // A quick reply: it disappears once used; focus goes back to the message field.
    await t.peer.control({
      action: 'push',
      content: {
        type: 'text',
        text: 'Is it about your bill?',
        actions: [
          { type: 'reply', label: 'Yes', payload: 'yes' },
          { type: 'reply', label: 'No', payload: 'no' },
        ],
      },
    });
    await t.when(() => t.messages().length === 1, 'the question');
    await tabTo(buttonNamed('Yes'), 'the quick reply', true);
    await sendKeys({ press: 'Enter' });
    await t.peer.frame('message.send', { content: { type: 'postback', payload: 'yes', label: 'Yes' } });
    await whenFocused(isComposerField, 'the message field after the quick reply', signals);

    // The form: filled and sent from the keyboard; it locks, and focus goes to the message field.
    await t.peer.control({
      action: 'push',
      content: {
        type: 'form',
        formId: 'details',
        title: 'Your details',
        fields: [
          { name: 'name', kind: 'name', label: 'Your name', required: true },
          { name: 'phone', kind: 'phone', label: 'Phone number', required: true, defaultCountry: 'GB' },
        ],
        submitLabel: 'Continue',
      },
    });
    await tabTo(isInput('name'), 'the name field', true);
    await sendKeys({ type: 'Ann Smith' });
    await sendKeys({ press: 'Tab' });
    expect(isInput('phone')(deepActive())).to.equal(true);
    await sendKeys({ type: '07400 123456' });
    await sendKeys({ press: 'Enter' });
    await t.peer.frame('message.send', {
      content: { type: 'form_response', formId: 'details', values: { name: 'Ann Smith', phone: '07400 123456' } },
    });
    await whenFocused(isComposerField, 'the message field after the form', signals);

    // Chat | Voice: a named group; choosing Chat leaves focus in the message field.
    await t.peer.control({
      action: 'push',
      content: {
        type: 'text',
        text: 'Talk to an agent using:',
        actions: [
          { type: 'postback', label: 'Chat', payload: 'chat' },
          { type: 'postback', label: 'Voice', payload: 'voice' },
        ],
      },
    });
    const chat = await tabTo(buttonNamed('Chat'), 'the Chat button', true);
    expect(chat.closest('[role=group]')?.getAttribute('aria-label')).to.equal('Choices');
    await sendKeys({ press: 'Enter' });
    await t.peer.frame('message.send', { content: { type: 'postback', payload: 'chat', label: 'Chat' } });
    await whenFocused(isComposerField, 'the message field after Chat', signals);

    // End chat: the confirmation takes focus; once ended, "New chat" has it.
    await tabTo(buttonNamed('End chat'), 'End chat', true);
    await sendKeys({ press: 'Enter' });
    await whenFocused((el) => buttonNamed('End chat')(el) && el?.closest('.confirm') !== null, 'the confirmation');
    await sendKeys({ press: 'Enter' });
    await t.peer.frame('conversation.end');
    await whenFocused(
      buttonNamed('Start a new conversation'),
      '"Start a new conversation" after the chat ended',
      signals,
    );

    // Escape closes the panel; focus is back on the launcher.
    await sendKeys({ press: 'Escape' });
    await whenFocused(buttonNamed('Open chat'), 'the launcher after Escape', signals);
    expect(t.el.open).to.equal(false);
    expect(framesOf((await t.peer.control({ action: 'state' })).frames, 'conversation.end')).to.have.length(1);
    t.el.remove();
  });

  it('the launcher comes before the open panel in the tab order', async () => {
    const t = await mountChat();
    await t.open();
    const inPanel = (el: Element | null) => {
      for (let n: Node | null = el; n; n = n instanceof ShadowRoot ? n.host : n.parentNode)
        if (n === t.panel()) return true;
      return false;
    };
    const launcher = await tabTo(buttonNamed('Close chat'), 'the launcher', true);
    await sendKeys({ press: 'Tab' });
    expect(
      inPanel(deepActive()),
      `Tab from the launcher goes into the panel (focus is on ${describeFocus()})`,
    ).to.equal(true);
    (launcher as HTMLElement).focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(inPanel(deepActive()), 'Shift+Tab from the launcher leaves the widget').to.equal(false);
    t.el.remove();
  });

  it('Cancel on the End chat confirmation puts focus back on End chat', async () => {
    const t = await mountChat();
    await t.open();
    const end = t.panel().shadowRoot!.querySelector<HTMLButtonElement>('button.end')!;
    end.focus();
    await sendKeys({ press: 'Enter' });
    await whenFocused(buttonNamed('End chat'), 'the confirmation');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await whenFocused((el) => el === end, 'End chat after Cancel');
    t.el.remove();
  });

  it('a form the server refuses: focus on the refused field and the reason in an alert region', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({ action: 'set', options: { formInvalid: { phone: 'phone.invalid' } } });
    await t.peer.control({
      action: 'push',
      content: {
        type: 'form',
        formId: 'f',
        fields: [{ name: 'phone', kind: 'phone', label: 'Phone number', required: true }],
      },
    });
    await t.when(() => t.messages().length === 1, 'the form');
    const form = () => t.messages()[0]!.shadowRoot!.querySelector('parley-form')!;
    await tabTo(isInput('phone'), 'the phone field', true);
    await sendKeys({ type: '07400 123456' });
    await sendKeys({ press: 'Enter' });
    await whenFocused(isInput('phone'), 'the refused field', () => chatSignals(t.el));
    const alert = form().shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.match(/^Phone number: \S/);
    t.el.remove();
  });
});

import { expect } from '@open-wc/testing';
import { mountChat } from '../../../test-support/mount.js';
import { framesOf } from '../../../test-support/peer-client.js';

async function mountComposer(textMaxChars?: number, server?: string) {
  const t = await mountChat(server ? { server } : {});
  if (textMaxChars) await t.peer.control({ action: 'set', options: { textMaxChars } });
  const panel = await t.open();
  const composer = () => panel.shadowRoot!.querySelector('parley-composer')!;
  await t.when(() => composer()?.shadowRoot?.querySelector('textarea'), 'composer');
  const textarea = () => composer().shadowRoot!.querySelector('textarea')!;
  const type = async (text: string) => {
    textarea().value = text;
    textarea().dispatchEvent(new InputEvent('input'));
    await composer().updateComplete;
  };
  const key = async (init: KeyboardEventInit) => {
    textarea().dispatchEvent(
      new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init }),
    );
    await composer().updateComplete;
  };
  return { t, composer, textarea, type, key };
}

describe('<parley-composer>', () => {
  it('Enter sends the trimmed text and clears the field; Shift+Enter does not send', async () => {
    const { t, textarea, type, key } = await mountComposer();
    await type('first line');
    await key({ key: 'Enter', shiftKey: true });
    expect(textarea().value).to.equal('first line');
    await type('  hello there  ');
    await key({ key: 'Enter' });
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'text', text: 'hello there' });
    expect(textarea().value).to.equal('');
    const state = await t.peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'message.send')).to.have.length(1);
    t.el.remove();
  });

  it('shows a character counter near the server limit and blocks over-long text', async () => {
    const { t, composer, type } = await mountComposer(100);
    await type('x'.repeat(50));
    expect(composer().shadowRoot!.querySelector('.counter')).to.equal(null);
    await type('x'.repeat(85));
    expect(composer().shadowRoot!.querySelector('.counter')!.textContent).to.equal('15 characters left');
    expect(composer().shadowRoot!.querySelector('textarea')!.maxLength).to.equal(100);
    t.el.remove();
  });

  it('sends typing at most once per few seconds while typing', async () => {
    const { t, type } = await mountComposer();
    for (const s of ['h', 'he', 'hel', 'hell', 'hello']) await type(s);
    await t.frame('typing', { active: true });
    const state = await t.peer.control({ action: 'state' });
    expect(framesOf(state.frames, 'typing').filter((f) => f.active)).to.have.length(1);
    t.el.remove();
  });

  it('keeps the draft across a reload of the widget', async () => {
    const first = await mountComposer();
    await first.type('half-typed');
    first.t.el.remove();
    const second = await mountComposer(undefined, first.t.opts.server);
    expect(second.textarea().value).to.equal('half-typed');
    second.t.el.remove();
  });

  it('is accessible', async () => {
    const { t, composer } = await mountComposer();
    await expect(composer()).to.be.accessible();
    t.el.remove();
  });
});

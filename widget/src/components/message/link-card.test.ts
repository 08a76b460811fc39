import { expect } from '@open-wc/testing';
import { mountChat, textOf } from '../../../test-support/mount.js';

const agent = { role: 'agent', name: 'Sam' };

/** Pushes `text` from `author` and returns its transcript entry once drawn. */
async function entryFor(text: string, author: Record<string, string> = agent) {
  const t = await mountChat();
  await t.open();
  await t.peer.control({ action: 'push', author, content: { type: 'text', text } });
  const entry = await t.when(() => t.messages()[0], 'the message');
  await t.settle();
  const root = entry.shadowRoot!;
  const cards = [...root.querySelectorAll<HTMLAnchorElement>('a.link-card')];
  return { t, entry, root, cards };
}

describe('link cards for the links an agent sends', () => {
  it('a pushed page is its card alone: site, address, new tab without opener or referrer; nothing fetched; axe', async () => {
    const url = 'https://www.example.com/tariffs?plan=fixed';
    const { t, entry, root, cards } = await entryFor(url);
    expect(root.querySelector('.bubble'), 'no bubble repeating the URL').to.equal(null);
    expect(cards).to.have.length(1);
    const card = cards[0]!;
    expect(card.href).to.equal(url);
    expect(card.target).to.equal('_blank');
    expect(card.rel).to.equal('noopener noreferrer');
    expect(textOf(card.querySelector('.host'))).to.equal('example.com');
    expect(textOf(card.querySelector('.url'))).to.equal(url);
    // Drawn from the URL alone: the browser asked nothing of the page (no preview, no favicon).
    expect(performance.getEntriesByType('resource').filter((r) => r.name.includes('example.com'))).to.have.length(0);
    await expect(entry).to.be.accessible();
    t.el.remove();
  });

  it("links in an agent's text: inline and as cards (distinct, at most three); javascript: and data: are neither", async () => {
    const text =
      'See https://example.com/a, www.example.org and https://example.com/a again. ' +
      'Not javascript:alert(1) nor data:text/html,<b>x</b> nor mailto:help@example.com as a card.';
    const { t, root, cards } = await entryFor(text);
    expect(cards.map((c) => c.href)).to.deep.equal(['https://example.com/a', 'https://www.example.org/']);
    const inline = [...root.querySelectorAll<HTMLAnchorElement>('.bubble a')].map((a) => a.href);
    expect(inline).to.deep.equal([
      'https://example.com/a',
      'https://www.example.org/',
      'https://example.com/a',
      'mailto:help@example.com',
    ]);
    expect(
      [...root.querySelectorAll('a')].some((a) => /^(javascript|data):/i.test(a.getAttribute('href') ?? '')),
    ).to.equal(false);
    expect(textOf(root.querySelector('.bubble'))).to.contain('javascript:alert(1)');
    t.el.remove();
  });

  it('the address shown cannot be disguised: bidi overrides and look-alike hosts are shown encoded', async () => {
    const { t, cards } = await entryFor('https://exаmple.com/invoice\u202Efdp.exe');
    expect(cards).to.have.length(1);
    expect(textOf(cards[0]!.querySelector('.host'))).to.equal('xn--exmple-4nf.com');
    expect(textOf(cards[0]!.querySelector('.url'))).to.equal('https://xn--exmple-4nf.com/invoice%E2%80%AEfdp.exe');
    t.el.remove();
  });

  it("the bot's links stay inline, without cards", async () => {
    const { t, root, cards } = await entryFor('Details: https://example.com/help', { role: 'bot', name: 'Parley' });
    expect(cards).to.have.length(0);
    expect(root.querySelector<HTMLAnchorElement>('.bubble a')!.href).to.equal('https://example.com/help');
    t.el.remove();
  });
});

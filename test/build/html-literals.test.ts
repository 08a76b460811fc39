// The widget build's template-whitespace pass (widget/html-literals.mjs): what it removes, what it keeps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

const { minifyHtmlLiterals } = (await import(new URL('../../widget/html-literals.mjs', import.meta.url).href)) as {
  minifyHtmlLiterals: (source: string) => string;
};

describe('widget build: html template whitespace', () => {
  it('drops the formatter line breaks between tags, at template edges and beside expressions', () => {
    const src = 'html`\n  <div class="bubble">\n    <a href=${url}\n      >${label}</a\n    >\n  </div>\n`';
    assert.equal(minifyHtmlLiterals(src), 'html`<div class="bubble"><a href=${url}>${label}</a ></div>`');
  });

  it('keeps one space where the break may separate text', () => {
    assert.equal(minifyHtmlLiterals('html`<p>hello\n   there</p>`'), 'html`<p>hello there</p>`');
    assert.equal(minifyHtmlLiterals('html`${a}\n  ${b}`'), 'html`${a} ${b}`');
  });

  it('leaves single spaces, other templates, strings and expression code alone', () => {
    const src = "const t = `plain\n  text`; html`<b> x </b>${f('a\\n  b', { c: `\n` })}`";
    assert.equal(minifyHtmlLiterals(src), src);
  });

  it('minifies nested html templates inside expressions', () => {
    const src = 'html`<ul>\n  ${items.map((i) => html`<li>\n    ${i}\n  </li>`)}\n</ul>`';
    assert.equal(minifyHtmlLiterals(src), 'html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`');
  });

  it('does not treat identifiers ending in html as the tag', () => {
    const src = 'unsafeHtml`<p>\n  x</p>`';
    assert.equal(minifyHtmlLiterals(src), src);
  });
});

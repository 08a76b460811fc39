/**
 * Link cards for the web links an agent sends (typed, or a page pushed over EWC): the site's name and the address,
 * opening in a new tab without an opener or referrer. Drawn from the URL alone: nothing is fetched to preview the
 * page, so no request leaves the visitor's browser before they choose to follow it. The address shown is the
 * parsed one (punycode host, percent-encoded path), so bidirectional or look-alike characters cannot disguise it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { findLinks } from './linkify.js';

const MAX_CARDS = 3;

/** The distinct http(s) links of `text`, parsed. */
export function webLinks(text: string): URL[] {
  const seen = new Set<string>();
  const urls: URL[] = [];
  for (const { href } of findLinks(text)) {
    const url = new URL(href);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !seen.has(url.href) && urls.length < MAX_CARDS) {
      seen.add(url.href);
      urls.push(url);
    }
  }
  return urls;
}

/** The text is nothing but one link (a pushed page): the card says it all. */
export function onlyLink(text: string): boolean {
  const trimmed = text.trim();
  const links = findLinks(trimmed);
  return links.length === 1 && links[0]!.raw === trimmed;
}

export function renderLinkCards(urls: readonly URL[]): TemplateResult | typeof nothing {
  if (urls.length === 0) return nothing;
  return html`${urls.map(
    (url) =>
      html`<a class="link-card" href=${url.href} target="_blank" rel="noopener noreferrer">
        <span class="host">${url.hostname.replace(/^www\./, '')}</span>
        <span class="url">${url.href}</span>
      </a>`,
  )}`;
}

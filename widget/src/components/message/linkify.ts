import { isSafeUrl } from '@parley/protocol';
import { html, type TemplateResult } from 'lit';

const URL_RE = /\b(?:https?:\/\/|mailto:|tel:|www\.)[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/** A link found in plain text: where it starts, as written, and the address it opens. */
export interface FoundLink {
  start: number;
  raw: string;
  href: string;
}

/** The http(s), mailto and tel links in `text`; `javascript:`, `data:` and anything else are never links. */
export function findLinks(text: string): FoundLink[] {
  const found: FoundLink[] = [];
  for (const match of text.matchAll(URL_RE)) {
    const raw = match[0].slice(0, match[0].length - (TRAILING.exec(match[0])?.[0].length ?? 0));
    const href = raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw;
    if (raw && isSafeUrl(href)) found.push({ start: match.index, raw, href });
  }
  return found;
}

/**
 * Splits plain text into text parts and anchors for the http(s), mailto and tel links it contains.
 * Everything else, including `javascript:` and markup such as `<img onerror>`, stays inert text
 * (Lit renders strings as text nodes, never as HTML).
 */
export function linkify(text: string): Array<string | TemplateResult> {
  const out: Array<string | TemplateResult> = [];
  let last = 0;
  for (const { start, raw, href } of findLinks(text)) {
    if (start > last) out.push(text.slice(last, start));
    out.push(html`<a href=${href} target="_blank" rel="noopener noreferrer">${raw}</a>`);
    last = start + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

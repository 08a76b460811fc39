import { isSafeUrl } from '@parley/protocol';
import { html, type TemplateResult } from 'lit';

const URL_RE = /\b(?:https?:\/\/|mailto:|tel:|www\.)[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Splits plain text into text parts and anchors for the http(s), mailto and tel links it contains.
 * Everything else, including `javascript:` and markup such as `<img onerror>`, stays inert text
 * (Lit renders strings as text nodes, never as HTML).
 */
export function linkify(text: string): Array<string | TemplateResult> {
  const out: Array<string | TemplateResult> = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let raw = match[0];
    const trail = TRAILING.exec(raw)?.[0] ?? '';
    raw = raw.slice(0, raw.length - trail.length);
    const href = raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw;
    if (!raw || !isSafeUrl(href)) continue;
    const start = match.index;
    if (start > last) out.push(text.slice(last, start));
    out.push(html`<a href=${href} target="_blank" rel="noopener noreferrer">${raw}</a>`);
    last = start + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

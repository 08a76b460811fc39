import { html, type TemplateResult } from 'lit';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Customer text with its http(s) links as anchors (a file the customer sent arrives as its name and a download
 * link, since EWC carries text only). Everything else stays text: Lit renders strings as text nodes, never HTML.
 */
export function linkify(text: string): Array<string | TemplateResult> {
  const out: Array<string | TemplateResult> = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const raw = match[0].replace(TRAILING, '');
    if (match.index > last) out.push(text.slice(last, match.index));
    out.push(html`<a href=${raw} target="_blank" rel="noopener noreferrer">${raw}</a>`);
    last = match.index + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

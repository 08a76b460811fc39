import { html, type TemplateResult } from 'lit';

/** What Parley sends the agent for a customer's file (EWC carries text only): "Image: name (type, size)\n<link>". */
const MEDIA = /^(Image|File): ([^\n]+)\n(https?:\/\/\S+)\s*$/;

/**
 * A customer's picture as a preview that opens full size, or a file as a download link with its name, type and size;
 * undefined for any other text. The name is rendered as text; the link is only ever an http(s) URL.
 */
export function customerMedia(text: string): TemplateResult | undefined {
  const match = MEDIA.exec(text);
  if (!match) return undefined;
  const [, kind, about = '', url = ''] = match;
  const name = about.replace(/ \([^)]*\)$/, '');
  if (kind === 'Image') {
    return html`<a class="media" href=${url} target="_blank" rel="noopener noreferrer">
        <img src=${url} alt=${name} loading="lazy" />
      </a>
      <div class="muted">${about}</div>`;
  }
  return html`<a class="media file" href=${url} target="_blank" rel="noopener noreferrer" download>⤓ ${about}</a>`;
}

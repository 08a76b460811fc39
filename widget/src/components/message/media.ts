/**
 * Images and files in the transcript. An image's box is sized before a byte of it arrives: from the width and
 * height the message carries (the attributes give the box its aspect ratio, CSS caps it), else a fixed 4:3 box,
 * the picture fitted inside either way, so nothing below it moves when it loads.
 */
import type { ContentOf } from '@parley/protocol';
import { html, nothing, type TemplateResult } from 'lit';
import { currentLang, type LocalizeController } from '../../controllers/localize-controller.js';
import { formatBytes } from '../../util/bytes.js';

/** Keep in step with message.styles.ts (img max-height). */
const MAX_HEIGHT = 240;

const reducedMotion = (): boolean => matchMedia('(prefers-reduced-motion: reduce)').matches;

export function renderImage(
  content: ContentOf<'image'>,
  l10n: LocalizeController,
  onOpen: (event: Event) => void,
): TemplateResult {
  const alt = content.alt || l10n.t('msg.image');
  const sized = content.width !== undefined && content.height !== undefined && content.width > 0 && content.height > 0;
  // Drawn at most MAX_HEIGHT tall: the attributes carry the displayed size, so the ratio holds whatever the cap.
  const scale = sized ? Math.min(1, MAX_HEIGHT / content.height!) : 1;
  const width = sized ? Math.round(content.width! * scale) : undefined;
  const height = sized ? Math.round(content.height! * scale) : undefined;
  // An animated GIF does not play by itself for someone who asked for less motion: the viewer plays it on request.
  const still = content.mimeType === 'image/gif' && reducedMotion();
  return html`<button
    type="button"
    class="thumb ${sized ? 'sized' : 'box'}"
    aria-label=${l10n.t('msg.viewImage', { name: alt })}
    @click=${onOpen}
  >
    ${
      still
        ? html`<span class="paused">${l10n.t('msg.gifPaused')}</span>`
        : html`<img
            src=${content.url}
            alt=${alt}
            width=${sized ? width : nothing}
            height=${sized ? height : nothing}
            loading="lazy"
            referrerpolicy="no-referrer"
          />`
    }
  </button>`;
}

export function renderFile(content: ContentOf<'file'>, l10n: LocalizeController): TemplateResult {
  if (content.scan !== 'clean')
    return html`<div class="bubble">
      ${l10n.t(content.scan === 'pending' || content.scan === undefined ? 'msg.fileScanning' : 'msg.fileBlocked', { name: content.name })}
    </div>`;
  const type = fileType(content.mimeType);
  const info =
    content.size === undefined
      ? type
      : l10n.t('msg.fileInfo', { type, size: formatBytes(content.size, currentLang()) });
  return html`<div class="bubble file">
    <a href=${content.url} target="_blank" rel="noopener noreferrer" download=${content.name}
      >${l10n.t('msg.file', { name: content.name })}</a
    >
    <span class="meta">${info}</span>
  </div>`;
}

const KINDS: readonly [RegExp, string][] = [
  [/wordprocessingml|msword|opendocument\.text/, 'Word'],
  [/spreadsheetml|ms-excel|opendocument\.spreadsheet/, 'Excel'],
  [/presentationml|ms-powerpoint|opendocument\.presentation/, 'PowerPoint'],
];

/** A short name for a type people recognise: PDF, PNG, MP4, Word... */
export function fileType(mimeType: string): string {
  const kind = KINDS.find(([re]) => re.test(mimeType));
  if (kind) return kind[1];
  const sub = /^[a-z]+\/([a-z0-9]{1,5})$/i.exec(mimeType)?.[1];
  return sub ? (sub === 'plain' ? 'Text' : sub.toUpperCase()) : mimeType;
}

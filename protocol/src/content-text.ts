/**
 * One message content as plain text: what an agent reads of a customer's message, what the widget shows in a
 * bubble still being sent, and what a channel that cannot show a content type sends instead. Content with no
 * words of its own (an image, a file, a location...) is named through `label`, so each caller can localise it.
 */
import type { Content } from './messages.js';

/** The kinds of content that need a word from the caller, because nothing in them reads as text. */
export type ContentTextLabel = 'image' | 'file' | 'location' | 'form' | 'carousel' | 'event';

export interface ContentTextOptions {
  /**
   * How form answers read, one per line: `labelled` ("phone: +44...") for an agent who has not seen the form,
   * `values` ("+44...") for the customer who just filled it in. Default `labelled`. Empty answers are left out.
   */
  formValues?: 'labelled' | 'values';
  /**
   * Names content that has no text of its own; `detail` is what it carries that reads as text (a file's name,
   * an image's alt text, a place's name and address, a form's title, the event's name), when there is any.
   * Default: English, "File: invoice.pdf".
   */
  label?: (kind: ContentTextLabel, detail: string | undefined) => string;
}

const ENGLISH: Readonly<Record<ContentTextLabel, string>> = {
  image: 'Image',
  file: 'File',
  location: 'Location',
  form: 'Form',
  carousel: 'Choices',
  event: 'Event',
};

function englishContentLabel(kind: ContentTextLabel, detail: string | undefined): string {
  return detail ? `${ENGLISH[kind]}: ${detail}` : ENGLISH[kind];
}

export function contentText(content: Content, options: ContentTextOptions = {}): string {
  const label = options.label ?? englishContentLabel;
  switch (content.type) {
    case 'text':
      return content.text;
    case 'postback':
      return content.label;
    case 'form_response': {
      // An optional field left empty says nothing to either reader.
      const entries = Object.entries(content.values).filter(([, v]) => v !== '');
      return (options.formValues ?? 'labelled') === 'labelled'
        ? entries.map(([k, v]) => `${k}: ${v}`).join('\n')
        : entries.map(([, v]) => v).join('\n');
    }
    case 'form':
      return label('form', content.title);
    case 'event':
      return label('event', content.event);
    case 'image':
      return label('image', content.alt || undefined);
    case 'file':
      return label('file', content.name);
    case 'location':
      return label('location', placeOf(content));
    case 'carousel':
      return label('carousel', content.items.map((item) => item.title).join(', '));
  }
}

function placeOf(content: Extract<Content, { type: 'location' }>): string {
  const words = [content.name, content.address].filter((w): w is string => typeof w === 'string' && w.length > 0);
  return words.length > 0 ? words.join(', ') : `${content.latitude}, ${content.longitude}`;
}

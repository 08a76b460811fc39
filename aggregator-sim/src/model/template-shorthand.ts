import type { Template } from './content.js';

/** `&((namespace=[[ns]]template=[[name]]fallback=[[text]]language=[[en]]body_text=[[p1]]...))&` (section 2.5 d). */
const SHORTHAND = /&\(\(([\s\S]*?)\)\)&/;
const PAIR = /(\w+)=\[\[([\s\S]*?)\]\]/g;

export interface ParsedShorthand {
  /** Text before the shorthand: Sunshine sends it as a message of its own ("template with leading text"). */
  leading: string | undefined;
  template: Template;
}

/** The WhatsApp template a v1.1 text carries in shorthand, or undefined for an ordinary text. */
export function parseTemplateShorthand(text: string): ParsedShorthand | undefined {
  const match = SHORTHAND.exec(text);
  if (!match?.[1]) return undefined;
  const params: string[] = [];
  const fields = new Map<string, string>();
  for (const [, key, value] of match[1].matchAll(PAIR)) {
    if (key === undefined || value === undefined) continue;
    if (key === 'body_text') params.push(value.replace(/\s+/g, ' ').trim());
    else fields.set(key, value);
  }
  const name = fields.get('template');
  if (!name) return undefined;
  const leading = text.slice(0, match.index).trim();
  return {
    leading: leading || undefined,
    template: {
      name,
      namespace: fields.get('namespace'),
      language: fields.get('language'),
      params,
      fallback: fields.get('fallback'),
    },
  };
}

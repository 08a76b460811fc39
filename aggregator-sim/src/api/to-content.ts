import { newId } from '../ids.js';
import type { Action, ActionType, Content, Item } from '../model/content.js';
import { ACTION_FIELDS, CONTENT_FIELDS, pick, type ActionLike, type ContentLike } from '../model/fields.js';
import { parseTemplateShorthand } from '../model/template-shorthand.js';
import type { MessagePostV1, MessagePostV2 } from './schemas.js';

function action(a: ActionLike): Action {
  return { id: newId(), type: a.type as ActionType, text: a.text ?? '', ...pick(a, ACTION_FIELDS) };
}

function items(list: ContentLike['items']): Item[] | undefined {
  return list?.map((i) => ({
    title: i.title,
    description: i.description,
    mediaUrl: i.mediaUrl,
    actions: i.actions.map(action),
  }));
}

function fromFields(c: ContentLike): Content {
  return {
    type: c.type as Content['type'],
    ...pick(c, CONTENT_FIELDS),
    actions: c.actions?.map(action),
    items: items(c.items),
  };
}

/**
 * A v1.1 body as stored messages: one, or two when a template shorthand follows leading text
 * (the API answers the second in `extraMessages`).
 */
export function contentsFromV1(body: MessagePostV1): Content[] {
  const shorthand = body.type === 'text' && body.text ? parseTemplateShorthand(body.text) : undefined;
  if (!shorthand) return [fromFields(body)];
  const template: Content = { type: 'template', template: shorthand.template };
  return shorthand.leading ? [{ type: 'text', text: shorthand.leading }, template] : [template];
}

export function contentsFromV2(body: MessagePostV2): Content[] {
  const c = body.content;
  if (c.type !== 'template') return [fromFields(c)];
  const t = c.template;
  const params = (t.components ?? [])
    .filter((comp) => comp.type === 'body')
    .flatMap((comp) => comp.parameters ?? [])
    .map((p) => p.text ?? '');
  return [{ type: 'template', template: { name: t.name, namespace: t.namespace, language: t.language.code, params } }];
}

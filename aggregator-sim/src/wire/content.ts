import type { Action, Content, Item } from '../model/content.js';
import { ACTION_FIELDS, CONTENT_FIELDS, pick } from '../model/fields.js';
import { compact } from './hooks.js';

/** An action on the wire; v1.1 names each action by `_id` (a tap refers to it), v2 does not. */
export function wireAction(a: Action, withId: boolean): Record<string, unknown> {
  return compact({ _id: withId ? a.id : undefined, type: a.type, text: a.text, ...pick(a, ACTION_FIELDS) });
}

function wireItem(i: Item, withIds: boolean): Record<string, unknown> {
  return compact({
    title: i.title,
    description: i.description,
    mediaUrl: i.mediaUrl,
    actions: i.actions.map((a) => wireAction(a, withIds)),
  });
}

/** The content fields both versions share: flat on a v1.1 message, under `content` in v2. */
export function wireContent(c: Content, withIds: boolean): Record<string, unknown> {
  return compact({
    type: c.type,
    ...pick(c, CONTENT_FIELDS),
    items: c.items?.map((i) => wireItem(i, withIds)),
    actions: c.actions?.map((a) => wireAction(a, withIds)),
  });
}

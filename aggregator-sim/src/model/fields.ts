import type { Action, Content, Item } from './content.js';

/**
 * The content and action fields that travel unchanged between a request body, the stored model and both wire
 * versions. One list, so a field added to the model reaches the parser and both versions' payloads together.
 */
export const CONTENT_FIELDS = [
  'text',
  'payload',
  'mediaUrl',
  'mediaType',
  'altText',
  'coordinates',
  'location',
] as const;
export const ACTION_FIELDS = ['payload', 'uri', 'fallback', 'metadata'] as const;

export type ContentField = (typeof CONTENT_FIELDS)[number];
export type ActionField = (typeof ACTION_FIELDS)[number];

/** An action as a body carries it: any `type` string, no generated id. */
export type ActionLike = Pick<Action, ActionField> & { type: string; text?: string | undefined };
/** Content as a v1.1 body (flat) or a v2 `content` carries it, before its actions get ids. */
export type ContentLike = Pick<Content, ContentField> & {
  type: string;
  actions?: ActionLike[] | undefined;
  items?: Array<Omit<Item, 'actions'> & { actions: ActionLike[] }> | undefined;
};

/** Only the named fields that are set (undefined ones are left out, as the real API leaves them out). */
export function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

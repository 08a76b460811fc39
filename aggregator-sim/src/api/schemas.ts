/**
 * Request bodies of the endpoints the simulator implements, derived from the v1.1 Swagger (MessagePost, Action,
 * MessageItem, ConversationActivity) and the v2 OpenAPI (messagePost, content, activityPost), with the limits of
 * messaging-channels.md section 2.4. Unknown fields are tolerated, as the real API does.
 */
import { z } from 'zod';

const text = z.string().max(4096);
const label = z.string().min(1).max(128);
const url = z.string().min(1).max(2048);
const metadata = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .refine((m) => JSON.stringify(m).length <= 4096, 'metadata is limited to 4KB');

const actionFields = {
  postback: z.looseObject({
    type: z.literal('postback'),
    text: label,
    payload: z.string().min(1),
    metadata: metadata.optional(),
  }),
  reply: z.looseObject({
    type: z.literal('reply'),
    text: label,
    payload: z.string().min(1),
    iconUrl: url.optional(),
    metadata: metadata.optional(),
  }),
  link: z.looseObject({
    type: z.literal('link'),
    text: label,
    uri: url,
    default: z.boolean().optional(),
    metadata: metadata.optional(),
  }),
  locationRequest: z.looseObject({ type: z.literal('locationRequest'), text: label, metadata: metadata.optional() }),
  webview: z.looseObject({
    type: z.literal('webview'),
    text: label,
    uri: url,
    fallback: url,
    size: z.enum(['compact', 'tall', 'full']).optional(),
    openOnReceive: z.boolean().optional(),
    metadata: metadata.optional(),
  }),
  buy: z.looseObject({
    type: z.literal('buy'),
    text: label,
    amount: z.number().int().positive(),
    currency: z.string().optional(),
  }),
  share: z.looseObject({ type: z.literal('share'), text: z.string().optional(), metadata: metadata.optional() }),
};

const a = actionFields;
/** v2 has no `share` action. */
const v2Actions = [a.postback, a.reply, a.link, a.locationRequest, a.webview, a.buy] as const;
export const actionV1 = z.discriminatedUnion('type', [...v2Actions, a.share]);
export const actionV2 = z.discriminatedUnion('type', v2Actions);
type ActionSchema = z.ZodType<{ type: string }>;

const itemActionTypes = new Set(['buy', 'link', 'postback', 'webview', 'share']);

function item<A extends ActionSchema>(action: A) {
  return z.looseObject({
    title: label,
    description: z.string().max(128).optional(),
    mediaUrl: url.optional(),
    mediaType: z.string().max(128).optional(),
    altText: z.string().max(128).optional(),
    size: z.enum(['compact', 'large']).optional(),
    actions: z
      .array(action)
      .min(1)
      .max(3)
      .refine(
        (as) => as.every((a) => itemActionTypes.has(a.type)),
        'item actions must be buy, link, postback or webview',
      ),
  });
}

/** "reply and locationRequest actions can be sent alone or together; another action type is rejected". */
function repliesAlone(actions: Array<{ type: string }> | undefined): boolean {
  if (!actions?.some((a) => a.type === 'reply' || a.type === 'locationRequest')) return true;
  return actions.every((a) => a.type === 'reply' || a.type === 'locationRequest');
}

const coordinates = z.object({ lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180) });
const location = z.looseObject({ name: z.string().optional(), address: z.string().optional() });
const field = z.looseObject({ type: z.enum(['text', 'email', 'select']), name: label, label });

/** The per-type body fields shared by v1.1 (flat) and v2 (`content`). */
function contentShape<A extends ActionSchema>(action: A) {
  return {
    text: text.optional(),
    payload: z.string().optional(),
    mediaUrl: url.optional(),
    mediaType: z.string().max(128).optional(),
    altText: z.string().max(128).optional(),
    actions: z.array(action).max(10).optional(),
    items: z.array(item(action)).min(1).max(10).optional(),
    coordinates: coordinates.optional(),
    location: location.optional(),
    fields: z.array(field).min(1).max(20).optional(),
    blockChatInput: z.boolean().optional(),
    displaySettings: z.looseObject({ imageAspectRatio: z.enum(['horizontal', 'square']).optional() }).optional(),
  };
}

type Shape = { type: string; text?: string | undefined; actions?: Array<{ type: string }> | undefined } & Record<
  string,
  unknown
>;

/** Required fields per type, as the spec's descriptions state them. */
function requiredByType(body: Shape, ctx: z.RefinementCtx, at: string[] = []): void {
  const need = (field: string, why: string) => {
    if (body[field] === undefined) ctx.addIssue({ code: 'custom', path: [...at, field], message: why });
  };
  if (body.type === 'text' && body.text === undefined && !body.actions?.length && body['htmlText'] === undefined)
    need('text', 'text is required for text messages unless actions are present');
  if (body.type === 'image' || body.type === 'file') need('mediaUrl', `mediaUrl is required for ${body.type} messages`);
  if (body.type === 'location') need('coordinates', 'coordinates are required for location messages');
  if (body.type === 'carousel' || body.type === 'list') need('items', `items are required for ${body.type} messages`);
  if (body.type === 'form') need('fields', 'fields are required for form messages');
  if (!repliesAlone(body.actions))
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'actions'],
      message: 'reply and locationRequest actions cannot be mixed with other action types',
    });
}

const override = z.looseObject({
  whatsapp: z.looseObject({ payload: z.record(z.string(), z.unknown()) }).optional(),
  messenger: z.looseObject({ payload: z.record(z.string(), z.unknown()) }).optional(),
  line: z.looseObject({ payload: z.record(z.string(), z.unknown()) }).optional(),
});
const destination = z.looseObject({ integrationId: z.string().optional(), integrationType: z.string().optional() });

export const messagePostV1 = z
  .looseObject({
    role: z.literal('appMaker', { message: 'role must be appMaker (the simulator does not post as the appUser)' }),
    type: z.enum(['text', 'image', 'file', 'location', 'carousel', 'list', 'form']),
    name: z.string().max(128).optional(),
    email: z.string().optional(),
    avatarUrl: url.optional(),
    metadata: metadata.optional(),
    destination: destination.optional(),
    override: override.optional(),
    ...contentShape(actionV1),
  })
  .superRefine((body, ctx) => requiredByType(body, ctx));
export type MessagePostV1 = z.infer<typeof messagePostV1>;

export const activityV1 = z.looseObject({
  role: z.literal('appMaker', { message: 'role must be appMaker' }),
  type: z.enum(['typing:start', 'typing:stop'], {
    message: 'type must be typing:start or typing:stop (mark read with POST .../conversation/read)',
  }),
  name: z.string().optional(),
  avatarUrl: z.string().optional(),
});

const templateContent = z.looseObject({
  type: z.literal('template'),
  template: z.looseObject({
    name: z.string().min(1).max(512),
    namespace: z.string().optional(),
    language: z.looseObject({ code: z.string().min(1), policy: z.enum(['deterministic', 'fallback']).optional() }),
    components: z
      .array(
        z.looseObject({
          type: z.string(),
          parameters: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
        }),
      )
      .optional(),
  }),
});

export const contentV2 = z.union([
  templateContent,
  z.looseObject({
    type: z.enum(['text', 'image', 'file', 'location', 'carousel', 'list', 'form']),
    ...contentShape(actionV2),
  }),
]);

export const messagePostV2 = z
  .looseObject({
    author: z.looseObject({
      type: z.literal('business', {
        message: 'author.type must be business (the simulator does not post as the user)',
      }),
      displayName: z.string().max(128).optional(),
      avatarUrl: url.optional(),
    }),
    content: contentV2,
    destination: destination.optional(),
    metadata: metadata.optional(),
    override: override.optional(),
    schema: z.literal('whatsapp').optional(),
  })
  .superRefine((body, ctx) => {
    if (body.content.type === 'template') {
      if (body.schema !== 'whatsapp')
        ctx.addIssue({ code: 'custom', path: ['schema'], message: 'schema must be "whatsapp" for template content' });
      return;
    }
    requiredByType(body.content, ctx, ['content']);
  });
export type MessagePostV2 = z.infer<typeof messagePostV2>;

export const activityV2 = z
  .looseObject({
    author: z.looseObject({ type: z.enum(['business', 'user']), userId: z.string().optional() }),
    type: z.enum(['typing:start', 'typing:stop', 'conversation:read']),
  })
  .refine((a) => a.author.type === 'business' || a.type === 'conversation:read', {
    message: 'If the author type is user, only conversation:read is supported',
    path: ['type'],
  });

/**
 * Inbound webhook bodies of the aggregator, v1.1 (one event per POST, `trigger`, Mongo-style `_id`, unix seconds) and
 * v2 (batched `events`, `id`, ISO times), per messaging-channels.md section 1 and the published API definitions.
 * Only the fields Parley reads are declared; every object is loose, so fields the API adds later pass through.
 */
import { z } from 'zod';

const id = z.string().min(1).max(256);
const loose = z.record(z.string(), z.unknown());
const coordinates = z.looseObject({ lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180) });
const place = z.looseObject({ name: z.string().optional(), address: z.string().optional() });

/** The message fields both versions share (flat on a v1.1 message, under `content` in v2). */
const contentFields = {
  type: z.string(),
  text: z.string().optional(),
  payload: z.string().optional(),
  mediaUrl: z.string().optional(),
  mediaType: z.string().optional(),
  mediaSize: z.number().optional(),
  altText: z.string().optional(),
  coordinates: coordinates.optional(),
  location: place.optional(),
};

// ---------------------------------------------------------------------------------------------------------------
// v1.1

const v1Source = z.looseObject({
  type: z.string().optional(),
  integrationId: z.string().optional(),
  /** The channel's own timestamp, unix seconds. */
  originalMessageTimestamp: z.number().optional(),
});

/** A customer's client on a channel (v1.1 `client`/`appUser.clients[]`, v2 `source.client`): where a number is. */
const client = z.looseObject({
  platform: z.string().optional(),
  type: z.string().optional(),
  displayName: z.string().nullish(),
  externalId: z.string().nullish(),
  info: loose.nullish(),
  raw: loose.nullish(),
});

const v1AppUser = z.looseObject({
  _id: id,
  userId: z.string().optional(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  properties: loose.optional(),
  clients: z.array(client).optional(),
});

const v1Message = z.looseObject({
  _id: id,
  role: z.string().optional(),
  authorId: z.string().optional(),
  name: z.string().optional(),
  /** Unix seconds, as a float. */
  received: z.number().optional(),
  source: v1Source.optional(),
  ...contentFields,
});

const v1Envelope = {
  app: z.looseObject({ _id: id }),
  appUser: v1AppUser,
  conversation: z.looseObject({ _id: id }).optional(),
  client: client.optional(),
  version: z.string().optional(),
  timestamp: z.number().optional(),
};

const deliveryError = z.looseObject({
  code: z.string().optional(),
  message: z.string().optional(),
  underlyingError: z.unknown().optional(),
});

export const v1Bodies = {
  'message:appUser': z.looseObject({
    ...v1Envelope,
    trigger: z.literal('message:appUser'),
    messages: z.array(v1Message).min(1),
  }),
  postback: z.looseObject({
    ...v1Envelope,
    trigger: z.literal('postback'),
    postbacks: z
      .array(
        z.looseObject({
          // Absent for a persistent-menu postback.
          message: z.looseObject({ _id: id, received: z.number().optional() }).optional(),
          action: z.looseObject({ _id: z.string().optional(), text: z.string().optional(), payload: z.string() }),
        }),
      )
      .min(1),
  }),
  'typing:appUser': z.looseObject({
    ...v1Envelope,
    trigger: z.literal('typing:appUser'),
    activity: z.looseObject({ type: z.enum(['typing:start', 'typing:stop']) }),
  }),
  'conversation:read': z.looseObject({
    ...v1Envelope,
    trigger: z.literal('conversation:read'),
    source: v1Source.optional(),
  }),
} as const;

/** `message:delivery:channel|user|failure`: one shape, the status in the trigger. */
export const v1Delivery = z.looseObject({
  ...v1Envelope,
  trigger: z.enum(['message:delivery:channel', 'message:delivery:user', 'message:delivery:failure']),
  destination: z.looseObject({ type: z.string().optional() }).optional(),
  message: z.looseObject({ _id: id }),
  isFinalEvent: z.boolean().optional(),
  error: deliveryError.optional(),
});

/** What tells a v1.1 body: a `trigger` at the top. */
export const v1Head = z.looseObject({ trigger: z.string() });

// ---------------------------------------------------------------------------------------------------------------
// v2

const v2User = z.looseObject({
  id,
  externalId: z.string().nullish(),
  profile: z
    .looseObject({ givenName: z.string().optional(), surname: z.string().optional(), locale: z.string().optional() })
    .optional(),
});

const v2Source = z.looseObject({
  type: z.string().optional(),
  integrationId: z.string().optional(),
  /** ISO time the channel stamped the message with. */
  originalMessageTimestamp: z.string().optional(),
  client: client.optional(),
});

const v2Author = z.looseObject({
  type: z.string(),
  userId: z.string().optional(),
  displayName: z.string().optional(),
  user: v2User.optional(),
});

const conversation = z.looseObject({ id });

export const v2Payloads = {
  'conversation:message': z.looseObject({
    conversation,
    message: z.looseObject({
      id,
      received: z.string().optional(),
      author: v2Author,
      content: z.looseObject(contentFields),
      source: v2Source.optional(),
    }),
  }),
  'conversation:postback': z.looseObject({
    conversation,
    postback: z.looseObject({ payload: z.string(), metadata: loose.optional() }),
    user: v2User,
    source: v2Source.optional(),
  }),
  activity: z.looseObject({
    conversation,
    activity: z.looseObject({ type: z.string(), author: v2Author, source: v2Source.optional() }),
  }),
  delivery: z.looseObject({
    conversation,
    user: v2User.optional(),
    destination: z.looseObject({ type: z.string().optional() }).optional(),
    message: z.looseObject({ id }),
    isFinalEvent: z.boolean().optional(),
    error: deliveryError.optional(),
  }),
} as const;

export const v2Event = z.looseObject({
  id,
  type: z.string(),
  createdAt: z.string().optional(),
  payload: loose,
});
export type V2Event = z.infer<typeof v2Event>;

export const v2Envelope = z.looseObject({
  app: z.looseObject({ id }),
  webhook: z.looseObject({ id: z.string().optional(), version: z.string().optional() }).optional(),
  events: z.array(z.unknown()),
});

export type DeliveryErrorBody = z.infer<typeof deliveryError>;
export type SunshineClient = z.infer<typeof client>;
export type V2Author = z.infer<typeof v2Author>;

/**
 * Outbound message bodies of the aggregator's two API versions (messaging-channels.md section 2). The type-specific
 * fields are the same in both: v1.1 puts them flat on the body with `role: appMaker`, v2 wraps them in `content` with
 * `author: {type: business}`.
 */

export type SunshineAction =
  | { type: 'reply'; text: string; payload: string }
  | { type: 'postback'; text: string; payload: string }
  | { type: 'link'; text: string; uri: string }
  | { type: 'locationRequest'; text: string };

export interface SunshineItem {
  title: string;
  description?: string | undefined;
  mediaUrl?: string | undefined;
  actions: SunshineAction[];
}

/** The fields of one message, shared by both versions. */
export type SunshineContent =
  | { type: 'text'; text: string; actions?: SunshineAction[] | undefined }
  | {
      type: 'image' | 'file';
      mediaUrl: string;
      mediaType?: string | undefined;
      altText?: string | undefined;
      text?: string | undefined;
    }
  | {
      type: 'location';
      coordinates: { lat: number; long: number };
      location?: { name?: string | undefined; address?: string | undefined } | undefined;
    }
  | { type: 'carousel'; items: SunshineItem[] };

/** Messenger's raw Send API fields, for a message tag outside the standard window (section 4). */
export interface MessengerOverride {
  messenger: {
    payload: { messaging_type: 'MESSAGE_TAG'; tag: string; message?: { text: string } | undefined };
  };
}

export type V1MessageBody = SunshineContent & {
  role: 'appMaker';
  name?: string | undefined;
  override?: MessengerOverride | undefined;
};

export interface V2MessageBody {
  author: { type: 'business'; displayName?: string | undefined };
  content: SunshineContent;
  override?: MessengerOverride | undefined;
}

/** One outbound message in both versions; the client posts the one its base URL asks for. */
export interface OutboundBodies {
  v1: V1MessageBody | V1TemplateBody;
  v2: V2MessageBody | V2TemplateBody;
}

/** v1.1 sends a template as the shorthand inside an ordinary text (section 2.5 d). */
export interface V1TemplateBody {
  role: 'appMaker';
  type: 'text';
  text: string;
}

export interface WhatsAppTemplate {
  namespace?: string | undefined;
  name: string;
  language: { policy: 'deterministic'; code: string };
  components?: Array<{ type: 'body'; parameters: Array<{ type: 'text'; text: string }> }> | undefined;
}

export interface V2TemplateBody {
  author: { type: 'business' };
  schema: 'whatsapp';
  content: { type: 'template'; template: WhatsAppTemplate };
}

export interface BodyOptions {
  /** Shown as the sender where the channel shows one (an agent's or the bot's name). */
  name?: string | undefined;
  /** Messenger message tag (HUMAN_AGENT), from the window decision. */
  tag?: string | undefined;
}

/** The override replaces Sunshine's whole Send API payload, so a text carries its words in it too (as CHECK does). */
function override(tag: string | undefined, content: SunshineContent): MessengerOverride | undefined {
  if (!tag) return undefined;
  const message = content.type === 'text' ? { text: content.text } : undefined;
  return { messenger: { payload: { messaging_type: 'MESSAGE_TAG', tag, ...(message ? { message } : {}) } } };
}

export function bodies(content: SunshineContent, options: BodyOptions = {}): OutboundBodies {
  const tag = override(options.tag, content);
  const v1: V1MessageBody = { role: 'appMaker', ...content };
  const v2: V2MessageBody = { author: { type: 'business' }, content };
  if (options.name) {
    v1.name = options.name;
    v2.author.displayName = options.name;
  }
  if (tag) {
    v1.override = tag;
    v2.override = tag;
  }
  return { v1, v2 };
}

/** Typing and read marks: v1.1 has separate endpoints, v2 one activity endpoint. */
export type Activity = 'typing:start' | 'typing:stop' | 'conversation:read';

/**
 * Protocol content as Sunshine message bodies, degraded before it is sent to what the customer's channel can show
 * (Oceana's advice; messaging-channels.md section 3): choices become reply or postback buttons within the channel's
 * limits and numbered text where it has none (or too few); links go inline where there are no link buttons; a
 * carousel becomes the numbered raw text on WhatsApp and X; a form is asked one question per message. The transcript
 * keeps the original content: this is only what goes on the wire.
 */
import type { Action, Content, ContentOf } from '@parley/protocol';
import type { ChannelCapabilities } from '../channel.js';
import { bodies, type Activity, type OutboundBodies, type SunshineAction, type SunshineContent } from './bodies.js';
import type { OfferedChoice } from './choices.js';
import { startForm, type FormConversationState, type FormWords } from './form-conversation.js';
import { ENGLISH_FORM_WORDS } from './form-words.js';

export interface RenderOptions {
  /** The sender's name where the channel shows one. */
  name?: string | undefined;
  /** Messenger message tag from the window decision (HUMAN_AGENT). */
  tag?: string | undefined;
  /** Words for a system event (agent joined, queued...); none = the event is not sent. */
  eventText?: ((content: ContentOf<'event'>) => string | undefined) | undefined;
  formWords?: FormWords | undefined;
}

export interface RenderResult {
  messages: OutboundBodies[];
  /** The wire contents, in order (the same as in `messages`), for tests and logs. */
  contents: SunshineContent[];
  /** The choice this content offers: keep it to read the customer's next reply with choices.ts. */
  offered?: OfferedChoice | undefined;
  /** A form being asked one question at a time: keep it and feed replies to answerForm. */
  form?: FormConversationState | undefined;
}

const MAPS = 'https://maps.google.com/maps?q=';
const META_MAX = 128;

export function truncate(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

function numbered(labels: string[]): string {
  return labels.map((label, i) => `${i + 1}. ${label}`).join('\n');
}

function paragraphs(...parts: Array<string | undefined>): string {
  return parts.filter((p): p is string => !!p).join('\n\n');
}

/** Split text at the channel's limit, on a line or word break when there is one near. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > max / 2 ? cut : max;
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

type Choice = Extract<Action, { type: 'reply' | 'postback' }>;
type Link = Extract<Action, { type: 'link' }>;

interface Decorated {
  text: string;
  actions: SunshineAction[];
  offered?: OfferedChoice | undefined;
}

function fits(limits: { max: number } | undefined, count: number): boolean {
  return limits !== undefined && count <= limits.max;
}

/** Text with its actions as the channel can show them. */
function decorate(text: string, actions: readonly Action[], caps: ChannelCapabilities): Decorated {
  const choices = actions.filter((a): a is Choice => a.type === 'reply' || a.type === 'postback');
  const links = actions.filter((a): a is Link => a.type === 'link');
  const offered =
    choices.length > 0 ? { options: choices.map((c) => ({ label: c.label, payload: c.payload })) } : undefined;
  const out: SunshineAction[] = [];
  let body = text;
  const allPostbacks = choices.length > 0 && choices.every((c) => c.type === 'postback');
  let buttonRoom = 0;
  if (allPostbacks && caps.postbackButtons && fits(caps.postbackButtons, choices.length)) {
    const max = caps.postbackButtons.labelMax;
    for (const c of choices) out.push({ type: 'postback', text: truncate(c.label, max), payload: c.payload });
    buttonRoom = caps.postbackButtons.max - choices.length;
  } else if (
    choices.length > 0 &&
    caps.replyButtons &&
    (fits(caps.replyButtons, choices.length) || fits(caps.list, choices.length))
  ) {
    // Replies cannot be mixed with other actions, so links go inline below.
    const max = caps.replyButtons.labelMax;
    for (const c of choices) out.push({ type: 'reply', text: truncate(c.label, max), payload: c.payload });
  } else if (choices.length > 0) {
    body = paragraphs(body, numbered(choices.map((c) => c.label)));
  } else {
    buttonRoom = caps.linkButtons?.max ?? 0;
  }
  // A location button may sit with replies only (Sunshine's rule); elsewhere the text already asks in words.
  const asks = actions.filter((a) => a.type === 'location_request');
  if (caps.locationRequest && !out.some((a) => a.type !== 'reply'))
    for (const a of asks) out.push({ type: 'locationRequest', text: truncate(a.label, META_MAX) });
  const replies = out.some((a) => a.type === 'reply');
  const linkButtons = !replies && caps.linkButtons && links.length <= buttonRoom;
  if (linkButtons && caps.linkButtons) {
    for (const l of links) out.push({ type: 'link', text: truncate(l.label, caps.linkButtons.labelMax), uri: l.url });
  } else if (links.length > 0) {
    body = paragraphs(body, links.map((l) => `${l.label}: ${l.url}`).join('\n'));
  }
  return { text: body, actions: out, offered };
}

function textContents(
  text: string,
  actions: readonly Action[],
  caps: ChannelCapabilities,
): [SunshineContent[], OfferedChoice | undefined] {
  const d = decorate(text, actions, caps);
  const chunks = splitText(d.text, caps.textMax);
  const contents: SunshineContent[] = chunks.map((chunk) => ({ type: 'text', text: chunk }));
  const last = contents.at(-1);
  if (last?.type === 'text' && d.actions.length > 0) last.actions = d.actions;
  return [contents, d.offered];
}

function locationText(c: ContentOf<'location'>): string {
  const place = [c.name, c.address].filter(Boolean).join(', ');
  return `📍 ${place || 'Location'}\n${MAPS}${c.latitude},${c.longitude}`;
}

/** The documented raw-text carousel: numbered titles, descriptions and links; no images, no postbacks. */
export function carouselText(c: ContentOf<'carousel'>): string {
  return c.items
    .map((item, i) => {
      const lines = [`${i + 1}. ${item.title}`];
      if (item.subtitle) lines.push(item.subtitle);
      for (const a of item.actions ?? []) if (a.type === 'link') lines.push(`${a.label} ${a.url}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** Choosing an item by its number or title works when every item has a choice button. */
function carouselChoice(c: ContentOf<'carousel'>): OfferedChoice | undefined {
  const options = c.items.map((item) => {
    const pick = item.actions?.find((a): a is Choice => a.type === 'postback' || a.type === 'reply');
    return pick ? { label: item.title, payload: pick.payload } : undefined;
  });
  return options.every((o) => o !== undefined) ? { options } : undefined;
}

function carouselContents(c: ContentOf<'carousel'>, caps: ChannelCapabilities): SunshineContent[] {
  const native =
    caps.carousel === 'native' && c.items.length <= caps.carouselMax && c.items.every((i) => i.actions?.length);
  if (!native) return splitText(carouselText(c), caps.textMax).map((text) => ({ type: 'text', text }));
  const labelMax = caps.postbackButtons?.labelMax ?? META_MAX;
  const items = c.items.map((item) => ({
    title: truncate(item.title, META_MAX),
    ...(item.subtitle ? { description: truncate(item.subtitle, META_MAX) } : {}),
    ...(item.imageUrl ? { mediaUrl: item.imageUrl } : {}),
    actions: (item.actions ?? []).map((a): SunshineAction => {
      const text = truncate(a.label, labelMax);
      if (a.type === 'link') return { type: 'link', text, uri: a.url };
      return a.type === 'location_request'
        ? { type: 'locationRequest', text }
        : { type: 'postback', text, payload: a.payload };
    }),
  }));
  return [{ type: 'carousel', items }];
}

function mediaContents(c: ContentOf<'image'> | ContentOf<'file'>, caps: ChannelCapabilities): SunshineContent[] {
  const name = c.type === 'file' ? c.name : c.alt;
  const asLink = c.type === 'file' ? caps.files === 'link' : !caps.images;
  if (asLink) return [{ type: 'text', text: `${name ?? 'Image'}: ${c.url}` }];
  return [
    {
      type: c.type,
      mediaUrl: c.url,
      mediaType: c.mimeType,
      ...(name ? { altText: truncate(name, META_MAX) } : {}),
    },
  ];
}

function result(contents: SunshineContent[], options: RenderOptions, extra: Partial<RenderResult> = {}): RenderResult {
  const meta = { name: options.name, tag: options.tag };
  return { contents, messages: contents.map((c) => bodies(c, meta)), ...extra };
}

/** Protocol content as the Sunshine messages to send on a channel, with what the customer is now asked. */
export function render(content: Content, caps: ChannelCapabilities, options: RenderOptions = {}): RenderResult {
  switch (content.type) {
    case 'text': {
      const [contents, offered] = textContents(content.text, content.actions ?? [], caps);
      return result(contents, options, { offered });
    }
    case 'postback':
      return result([{ type: 'text', text: content.label }], options);
    case 'form_response': {
      const text = Object.values(content.values).filter(Boolean).join('\n');
      return result(text ? [{ type: 'text', text }] : [], options);
    }
    case 'event': {
      const text = options.eventText?.(content);
      return result(text ? textContents(text, [], caps)[0] : [], options);
    }
    case 'image':
    case 'file':
      return result(mediaContents(content, caps), options);
    case 'location':
      if (caps.outboundLocation === 'native') {
        const { latitude: lat, longitude: long, name, address } = content;
        return result([{ type: 'location', coordinates: { lat, long }, location: { name, address } }], options);
      }
      return result([{ type: 'text', text: locationText(content) }], options);
    case 'carousel':
      return result(carouselContents(content, caps), options, { offered: carouselChoice(content) });
    case 'form':
      return renderForm(content, caps, options);
  }
}

/** A form: its title, then its first question; the state goes back to the caller with the choice it offers. */
function renderForm(form: ContentOf<'form'>, caps: ChannelCapabilities, options: RenderOptions): RenderResult {
  const step = startForm(form, options.formWords ?? ENGLISH_FORM_WORDS);
  const title: SunshineContent[] = form.title ? [{ type: 'text', text: form.title }] : [];
  if (step.status === 'done') return result(title, options);
  const question = render(step.prompt, caps, options);
  return result([...title, ...question.contents], options, { offered: step.offered, form: step.state });
}

/** A typing or read mark, or undefined where the channel has none (typing on WhatsApp and X is a no-op). */
export function renderActivity(activity: Activity, caps: ChannelCapabilities): Activity | undefined {
  if (activity === 'conversation:read') return caps.readReceipts ? activity : undefined;
  return caps.typingIndicator ? activity : undefined;
}

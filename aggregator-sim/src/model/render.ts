import type { Bubble, PhoneButton } from '../phone-frames.js';
import { CAPABILITIES, type Capabilities, type Channel } from './channels.js';
import type { Action, Content, Item } from './content.js';

/**
 * What a customer's app shows for a message, per the capability matrix and the documented fallbacks
 * (messaging-channels.md section 3): native buttons where the channel has them, numbered raw text where it
 * doesn't, links inline on text-only channels, lists split into several messages on WhatsApp and X.
 */
export function renderForPhone(content: Content, channel: Channel, from: 'customer' | 'business'): Bubble[] {
  if (from === 'customer') return [customerBubble(content)];
  const caps = CAPABILITIES[channel];
  switch (content.type) {
    case 'template':
      return [
        {
          text: content.template?.fallback,
          template: {
            name: content.template?.name ?? '',
            language: content.template?.language,
            params: content.template?.params ?? [],
          },
        },
      ];
    case 'text':
      return [withActions({ text: content.text ?? '' }, content.actions ?? [], caps)];
    case 'image':
    case 'file':
      return mediaBubbles(content, caps);
    case 'location':
      return [{ text: locationText(content) }];
    case 'carousel':
      return caps.carousel === 'native'
        ? [{ cards: cards(content.items ?? [], caps) }]
        : [{ text: carouselText(content) }];
    case 'list':
      return listBubbles(content, caps);
    case 'form':
      return [];
  }
}

function customerBubble(content: Content): Bubble {
  if (content.type === 'location') return { text: locationText(content) };
  if (content.type === 'image' || content.type === 'file') {
    return { text: content.text, media: { kind: content.type, url: content.mediaUrl ?? '', name: mediaName(content) } };
  }
  return { text: content.text ?? '' };
}

function mediaBubbles(content: Content, caps: Capabilities): Bubble[] {
  const name = mediaName(content);
  if (content.type === 'file' && caps.file === 'link') {
    return [
      withActions(
        { text: [content.text, `${name}: ${content.mediaUrl ?? ''}`].filter(Boolean).join('\n') },
        content.actions ?? [],
        caps,
      ),
    ];
  }
  const media: Bubble = {
    media: { kind: content.type === 'image' ? 'image' : 'file', url: content.mediaUrl ?? '', name },
  };
  if (content.text) media.text = content.text;
  const actions = content.actions ?? [];
  if (actions.length === 0) return [media];
  // Only native-button channels keep media and buttons in one card; elsewhere the buttons follow as a message.
  if (caps.links === 'button') return [withActions(media, actions, caps)];
  return [media, withActions({ text: '' }, actions, caps)];
}

function mediaName(content: Content): string {
  if (content.altText) return content.altText;
  const url = content.mediaUrl ?? '';
  return decodeURIComponent(url.split(/[?#]/)[0]?.split('/').pop() || content.type);
}

function locationText(content: Content): string {
  const { lat, long } = content.coordinates ?? { lat: 0, long: 0 };
  const place = [content.location?.name, content.location?.address].filter(Boolean).join(', ');
  return [content.text && content.type !== 'location' ? content.text : undefined, place ? `📍 ${place}` : '📍 Location']
    .filter(Boolean)
    .concat(`https://maps.google.com/maps?q=${lat},${long}`)
    .join('\n');
}

function truncate(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

function numbered(lines: string[]): string {
  return lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
}

function join(text: string | undefined, extra: string): string {
  return text ? `${text}\n\n${extra}` : extra;
}

function linkTarget(action: Action): string {
  return (action.type === 'webview' ? action.fallback : action.uri) ?? '';
}

function button(action: Action, caps: Capabilities): PhoneButton {
  if (action.type === 'postback') return { actionId: action.id, label: action.text, kind: 'postback' };
  if (action.type === 'locationRequest') return { actionId: action.id, label: action.text, kind: 'locationRequest' };
  const uri =
    action.type === 'webview' && caps.links === 'button' && caps.postback === 'button'
      ? action.uri
      : linkTarget(action);
  return { actionId: action.id, label: action.text, kind: 'link', uri: uri ?? '' };
}

/** Attach actions to a bubble the way the channel shows them. */
function withActions(bubble: Bubble, actions: Action[], caps: Capabilities): Bubble {
  const out: Bubble = { ...bubble };
  const replies = actions.filter((a) => a.type === 'reply');
  const locationRequests = actions.filter((a) => a.type === 'locationRequest');
  const others = actions.filter((a) => a.type !== 'reply' && a.type !== 'locationRequest');
  if (replies.length > 0) {
    const options = replies.map((a) => ({ actionId: a.id, label: truncate(a.text, caps.replies.labelMax) }));
    if (replies.length <= caps.replies.max) out.replies = { style: caps.replies.style, options };
    else if (replies.length <= caps.replies.listMax) out.list = { button: 'Choose', rows: options };
    else out.text = join(out.text, numbered(replies.map((a) => a.text)));
  }
  const buttons: PhoneButton[] = [];
  for (const a of locationRequests) {
    if (caps.locationRequest === 'button') buttons.push(button(a, caps));
    else out.text = join(out.text, `📍 ${a.text}: share your location with the 📍 button`);
  }
  const postbacks = others.filter((a) => a.type === 'postback');
  const links = others.filter((a) => a.type !== 'postback');
  if (caps.postback === 'numbered' && postbacks.length > 0)
    out.text = join(out.text, numbered(postbacks.map((a) => a.text)));
  const buttonable = [...(caps.postback === 'button' ? postbacks : []), ...(caps.links === 'button' ? links : [])];
  const room = Math.max(0, caps.buttonsMax - buttons.length);
  buttons.push(...buttonable.slice(0, room).map((a) => button(a, caps)));
  const overflow = buttonable.slice(room);
  const inline = [...(caps.links === 'inline' ? links : []), ...overflow.filter((a) => a.type !== 'postback')];
  if (overflow.some((a) => a.type === 'postback')) {
    out.text = join(out.text, numbered(overflow.filter((a) => a.type === 'postback').map((a) => a.text)));
  }
  if (inline.length > 0) out.text = join(out.text, inline.map((a) => `${a.text}: ${linkTarget(a)}`).join('\n'));
  if (buttons.length > 0) out.buttons = buttons;
  return out;
}

function cards(items: Item[], caps: Capabilities): NonNullable<Bubble['cards']> {
  return items.map((item) => ({
    title: item.title,
    ...(item.description ? { description: item.description } : {}),
    ...(item.mediaUrl ? { image: item.mediaUrl } : {}),
    buttons: item.actions.slice(0, caps.buttonsMax).map((a) => button(a, caps)),
  }));
}

/** The documented raw-text carousel: numbered titles, descriptions and link actions; no images, no postbacks. */
export function carouselText(content: Content): string {
  return (content.items ?? [])
    .map((item, i) => {
      const lines = [`${i + 1}. ${item.title}`];
      if (item.description) lines.push(item.description);
      for (const a of item.actions)
        if (a.type === 'link' || a.type === 'webview') lines.push(`${a.text} ${linkTarget(a)}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

function listBubbles(content: Content, caps: Capabilities): Bubble[] {
  const items = content.items ?? [];
  const actions = content.actions ?? [];
  if (caps.list === 'native') {
    const bubble: Bubble = { cards: cards(items, caps) };
    // Messenger keeps a single message-level button.
    const first = actions[0];
    if (first) bubble.buttons = [button(first, caps)];
    return [bubble];
  }
  const bubbles = items.map((item) =>
    withActions({ text: [item.title, item.description].filter(Boolean).join('\n') }, item.actions, caps),
  );
  if (actions.length > 0) bubbles.push(withActions({ text: '' }, actions, caps));
  return bubbles;
}

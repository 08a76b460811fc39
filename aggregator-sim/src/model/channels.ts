/**
 * The channels a simulated customer can be on and what each can show (messaging-channels.md section 3).
 * The renderer and the delivery rules read this table only; nothing else knows a channel by name.
 */
export const CHANNELS = ['whatsapp', 'messenger', 'twitter'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Capabilities {
  /** Label shown on the phone page (no trademarks or logos are drawn, only the name). */
  label: string;
  /** Reply actions: at most this many as buttons or chips, else a list or numbered text; label truncation. */
  replies: { style: 'buttons' | 'chips'; max: number; labelMax: number; listMax: number };
  /** Postback buttons natively, or numbered text the customer answers by typing. */
  postback: 'button' | 'numbered';
  /** Link and webview actions as buttons, or the URL inline in the text. */
  links: 'button' | 'inline';
  /** Buttons shown under one message at most (Messenger button template, X CTAs). */
  buttonsMax: number;
  locationRequest: 'button' | 'text';
  carousel: 'native' | 'text';
  list: 'native' | 'split';
  file: 'native' | 'link';
  /** Business-to-customer location: a maps link in text, or not deliverable. */
  outboundLocation: 'text' | 'unsupported';
  templates: boolean;
  /** Business typing indicator shown to the customer. */
  businessTyping: boolean;
  /** The channel reports delivery to the device (`message:delivery:user`) and reads (`conversation:read`). */
  receipts: boolean;
  /** Freeform replies allowed this long after the customer's last message (undefined: no window). */
  windowMs?: number;
  /** Messenger: the HUMAN_AGENT tag extends the window for human replies to this long. */
  humanAgentMs?: number;
  /** Phone-number client: the channel tells the business the customer's number. */
  phoneIdentity: boolean;
}

const HOUR = 3_600_000;

export const CAPABILITIES: Record<Channel, Capabilities> = {
  whatsapp: {
    label: 'WhatsApp',
    replies: { style: 'buttons', max: 3, labelMax: 20, listMax: 10 },
    postback: 'numbered',
    links: 'inline',
    buttonsMax: 0,
    locationRequest: 'text',
    carousel: 'text',
    list: 'split',
    file: 'native',
    outboundLocation: 'text',
    templates: true,
    businessTyping: false,
    receipts: true,
    windowMs: 24 * HOUR,
    phoneIdentity: true,
  },
  messenger: {
    label: 'Messenger',
    replies: { style: 'chips', max: 13, labelMax: 20, listMax: 0 },
    postback: 'button',
    links: 'button',
    buttonsMax: 3,
    locationRequest: 'text',
    carousel: 'native',
    list: 'native',
    file: 'native',
    outboundLocation: 'unsupported',
    templates: false,
    businessTyping: true,
    receipts: true,
    windowMs: 24 * HOUR,
    humanAgentMs: 7 * 24 * HOUR,
    phoneIdentity: false,
  },
  twitter: {
    label: 'X',
    replies: { style: 'chips', max: 20, labelMax: 36, listMax: 0 },
    postback: 'button',
    links: 'button',
    buttonsMax: 3,
    locationRequest: 'button',
    carousel: 'text',
    list: 'split',
    file: 'link',
    outboundLocation: 'unsupported',
    templates: false,
    businessTyping: false,
    receipts: false,
    phoneIdentity: false,
  },
};

/** The phone page path segment of a channel (X's page is /phone/x, its Smooch integration type is `twitter`). */
export function pageName(channel: Channel): string {
  return channel === 'twitter' ? 'x' : channel;
}

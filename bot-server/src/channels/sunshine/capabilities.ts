/**
 * What each channel can show, as data: the capability matrix of messaging-channels.md section 3 with the native
 * limits of section 2.4. Rendering, choice matching and the 24-hour policy read this table only.
 * Where the matrix has a `?` (WhatsApp postback buttons, Messenger location requests) the safe fallback is declared:
 * numbered text, no button.
 */
import { LIMITS } from '@parley/protocol';
import type { ChannelCapabilities, ChannelName } from '../channel.js';

const HOUR = 3_600_000;

/** What every messaging channel behind the aggregator shares; each one below says how it differs. */
const MESSAGING = {
  textMax: 4096,
  carousel: 'text',
  carouselMax: 10,
  images: true,
  files: 'native',
  inboundLocation: true,
  outboundLocation: 'text',
  locationRequest: false,
  typingIndicator: false,
  readReceipts: true,
  forms: 'one-question-per-message',
  templates: false,
  phoneIdentity: false,
} as const satisfies Partial<ChannelCapabilities>;

export const CAPABILITIES: Readonly<Record<ChannelName, ChannelCapabilities>> = {
  web: {
    channel: 'web',
    label: 'web chat',
    textMax: LIMITS.textMaxChars,
    replyButtons: { max: LIMITS.actionsMax, labelMax: LIMITS.labelMaxChars },
    postbackButtons: { max: LIMITS.actionsMax, labelMax: LIMITS.labelMaxChars },
    linkButtons: { max: LIMITS.actionsMax, labelMax: LIMITS.labelMaxChars },
    carousel: 'native',
    carouselMax: LIMITS.carouselItemsMax,
    images: true,
    files: 'native',
    inboundLocation: false,
    outboundLocation: 'native',
    locationRequest: false,
    typingIndicator: true,
    readReceipts: true,
    forms: 'native',
    templates: false,
    phoneIdentity: false,
  },
  whatsapp: {
    ...MESSAGING,
    channel: 'whatsapp',
    label: 'WhatsApp',
    // Interactive reply buttons: three at most, 20 characters each; more choices go in a list of up to 10 rows.
    replyButtons: { max: 3, labelMax: 20 },
    list: { max: 10 },
    templates: true,
    phoneIdentity: true,
    window: { regularMs: 24 * HOUR },
  },
  messenger: {
    ...MESSAGING,
    channel: 'messenger',
    label: 'Messenger',
    // The Send API's limit for a text message.
    textMax: 2000,
    replyButtons: { max: 13, labelMax: 20 },
    // Button template: three buttons of 20 characters.
    postbackButtons: { max: 3, labelMax: 20 },
    linkButtons: { max: 3, labelMax: 20 },
    carousel: 'native',
    typingIndicator: true,
    window: { regularMs: 24 * HOUR, humanAgentMs: 7 * 24 * HOUR, humanAgentTag: 'HUMAN_AGENT' },
  },
  twitter: {
    ...MESSAGING,
    channel: 'twitter',
    label: 'X',
    // Quick-reply options: 20 of 36 characters; call-to-action buttons: three.
    replyButtons: { max: 20, labelMax: 36 },
    postbackButtons: { max: 3, labelMax: 36 },
    linkButtons: { max: 3, labelMax: 36 },
    files: 'link',
    locationRequest: true,
    readReceipts: false,
  },
};

export function capabilitiesOf(channel: ChannelName): ChannelCapabilities {
  return CAPABILITIES[channel];
}

/**
 * How a customer's message is presented to the bot and to an agent, and what an escalation asks the
 * contact center for. Pure functions; the conversation service calls them.
 */
import { contentText, type ContentOf, type CustomerContent } from '@parley/protocol';
import type { ConversationData } from './conversation-data.js';
import type { BotInput, EscalationRequest } from './ports.js';

/**
 * What a customer can put into a conversation: what the widget sends over its socket, plus the media that reach
 * Parley through their own paths (a scanned upload, an image or location from a messaging channel).
 */
export type InboundContent = CustomerContent | ContentOf<'image'> | ContentOf<'file'> | ContentOf<'location'>;

/** The bot's input for a customer message; none for images and files, which the flows do not read (an agent will). */
export function botInputOf(content: InboundContent): BotInput | undefined {
  switch (content.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'postback':
      return { type: 'postback', payload: content.payload, label: content.label };
    case 'form_response':
      return { type: 'form_response', formId: content.formId, values: content.values };
    case 'location':
      return { type: 'location', latitude: content.latitude, longitude: content.longitude };
    case 'image':
    case 'file':
      return undefined;
  }
}

/**
 * Agents see plain text (EWC carries nothing else): the label of a pressed button, form answers one per line with
 * their field names, a file or image as its name, type, size and signed download link.
 */
export function agentTextOf(content: InboundContent): string {
  if (content.type === 'file' || content.type === 'image') {
    const name = content.type === 'file' ? content.name : (content.alt ?? 'image');
    const facts = [content.mimeType, content.size === undefined ? undefined : sizeText(content.size)].filter(Boolean);
    const kind = content.type === 'file' ? 'File' : 'Image';
    return `${kind}: ${name}${facts.length ? ` (${facts.join(', ')})` : ''}\n${content.url}`;
  }
  if (content.type === 'location') return `${contentText(content)}\n${mapsLink(content.latitude, content.longitude)}`;
  return contentText(content, { formValues: 'labelled' });
}

/** A link any agent desktop can open (EWC carries text only). */
export function mapsLink(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Whitespace-only text is not a message. */
export function isBlank(content: CustomerContent): boolean {
  return content.type === 'text' && content.text.trim() === '';
}

export interface EscalationInput {
  conversationId: string;
  details: Readonly<Record<string, string>>;
  data: ConversationData;
  summary: string;
  locale: string;
  defaultSkillset: string;
  requestTranscript: boolean;
}

/** The EscalationRequest for a chat handoff, with the context an agent needs in custom fields. */
export function escalationRequestOf(input: EscalationInput): EscalationRequest {
  const { details, data } = input;
  const customer: EscalationRequest['customer'] = { name: details['name']?.trim() || 'Web visitor' };
  if (details['phone']) customer.phone = details['phone'];
  if (details['email']) customer.email = details['email'];
  const fields: Array<[string, string | undefined]> = [
    ['Bot summary', input.summary],
    ['Intent', data.lastIntent],
    ['Locale', input.locale],
    ['Page', data.page?.url],
    // The consent box of the details step: whether the agent may write to the e-mail address.
    ['Email consent', details['consent']],
  ];
  return {
    conversationId: input.conversationId,
    customer,
    skillset: data.skillset ?? input.defaultSkillset,
    customFields: fields
      .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1].length > 0)
      .map(([title, value]) => ({ title, value })),
    requestTranscript: input.requestTranscript && customer.email !== undefined,
  };
}

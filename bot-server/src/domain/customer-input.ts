/**
 * How a customer's message is presented to the bot and to an agent, and what an escalation asks the
 * contact center for. Pure functions; the conversation service calls them.
 */
import { contentText, type CustomerContent } from '@parley/protocol';
import type { ConversationData } from './conversation-data.js';
import type { BotInput, EscalationRequest } from './ports.js';

export function botInputOf(content: CustomerContent): BotInput {
  switch (content.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'postback':
      return { type: 'postback', payload: content.payload, label: content.label };
    case 'form_response':
      return { type: 'form_response', formId: content.formId, values: content.values };
  }
}

/** Agents see plain text: the label of a pressed button, form answers one per line with their field names. */
export function agentTextOf(content: CustomerContent): string {
  return contentText(content, { formValues: 'labelled' });
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

/**
 * The 24-hour policy (messaging-channels.md section 4, Oceana's WhatsApp template table). The window runs from the
 * customer's last message as stamped by the channel, never from when Parley received it, and is checked at every
 * send (Oceana checks only when the agent answers; a message sent five minutes later can already be outside).
 * WhatsApp: 24 h, then only approved templates, which do not reopen it. Messenger: 24 h, then only a human agent, with
 * the HUMAN_AGENT tag, up to 7 days. X and web: no window.
 */
import type { ChannelName, SendDecision, SendRequest } from '../channel.js';
import { capabilitiesOf } from './capabilities.js';

const HOUR = 3_600_000;

function hoursAgo(lastCustomerAt: number, now: number): string {
  const hours = Math.floor((now - lastCustomerAt) / HOUR);
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

/** Whether a message may go now; a refusal carries a reason code and the words to show the agent (or log for the bot). */
export function canSend({ channel, lastCustomerAt, now, sender, kind }: SendRequest): SendDecision {
  const caps = capabilitiesOf(channel);
  if (kind === 'template') {
    if (caps.templates) return { allowed: true };
    return {
      allowed: false,
      reason: 'templates_unsupported',
      words: `WhatsApp templates cannot be sent on ${caps.label}; send a regular message instead.`,
    };
  }
  const rule = caps.window;
  if (!rule) return { allowed: true };
  if (lastCustomerAt === undefined) {
    return {
      allowed: false,
      reason: 'no_customer_message',
      words: `This ${caps.label} customer has not written yet, so ${caps.label} does not allow a message to them${
        caps.templates ? ' except an approved template (/template NAME)' : ''
      }.`,
    };
  }
  const age = now - lastCustomerAt;
  if (age < rule.regularMs) return { allowed: true };
  const since = hoursAgo(lastCustomerAt, now);
  if (caps.templates) {
    return {
      allowed: false,
      reason: sender === 'bot' ? 'window_closed_bot' : 'window_closed_template_required',
      words:
        `Not sent: the customer's last ${caps.label} message was ${since} ago, more than 24 hours, so ${caps.label} ` +
        'only accepts an approved template now. Send one with /template NAME [parameters]; regular messages can go ' +
        'again once the customer replies.',
    };
  }
  if (sender === 'agent' && rule.humanAgentMs !== undefined && age < rule.humanAgentMs)
    return { allowed: true, tag: rule.humanAgentTag };
  if (sender === 'bot') {
    return {
      allowed: false,
      reason: 'window_closed_bot',
      words: `Not sent: the customer's last ${caps.label} message was ${since} ago; only an agent may answer now.`,
    };
  }
  return {
    allowed: false,
    reason: 'human_agent_window_closed',
    words:
      `Not sent: the customer's last ${caps.label} message was ${since} ago; ${caps.label} allows agent replies ` +
      'for 7 days only. The customer has to write again first.',
  };
}

export interface AnswerAdvice {
  /** Send the automatic welcome message (only when a regular message can go). */
  welcome: boolean;
  /** Words for the agent who just answered, when the window has already closed. */
  advice?: string | undefined;
}

/**
 * What to do when an agent answers the chat (Oceana's table, scenario 1): outside the WhatsApp window the agent is
 * advised to use a template and no welcome is sent. Inside it nothing is said, even if it closes a minute later
 * (scenario 4): {@link canSend} refuses that later message itself.
 */
export function onAgentAnswer(channel: ChannelName, lastCustomerAt: number | undefined, now: number): AnswerAdvice {
  const decision = canSend({ channel, lastCustomerAt, now, sender: 'agent', kind: 'regular' });
  if (decision.allowed) return { welcome: true };
  if (!capabilitiesOf(channel).templates) return { welcome: false, advice: decision.words };
  return {
    welcome: false,
    advice:
      `The customer's last ${capabilitiesOf(channel).label} message is more than 24 hours old: reply with an ` +
      'approved WhatsApp template (/template NAME [parameters]). Regular messages are refused until the customer ' +
      'replies.',
  };
}

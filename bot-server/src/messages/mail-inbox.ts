/**
 * Left messages by e-mail to the contact center's mailbox (MESSAGES_TO), where agents pick them up like any
 * e-mail contact (AACC Contact Center Multimedia routes a mailbox to agents). The customer's words come first,
 * then what Parley knows of them, then the conversation for context; the HTML part is escaped throughout.
 */
import { neutraliseText, transcriptHtml, transcriptLines, transcriptText, type Author } from '@parley/protocol';
import type { LeftMessage, MessageInbox } from '../domain/left-messages.js';
import { smtpMailer } from '../transcripts/mailer.js';

const DETAIL_ORDER = ['name', 'phone', 'email'];

export function mailInbox(smtpUrl: string, from: string, to: string): MessageInbox & { close(): void } {
  const mailer = smtpMailer(smtpUrl, from);
  return {
    async leave(m) {
      await mailer.send(to, leftMessageMail(m));
    },
    close: () => mailer.close(),
  };
}

export function leftMessageMail(m: LeftMessage): { subject: string; text: string; html: string } {
  const who = neutraliseText(m.details['name'] ?? 'a customer').replace(/\s+/g, ' ');
  const facts = [
    ...DETAIL_ORDER.filter((k) => m.details[k]).map((k) => `${k}: ${m.details[k]}`),
    `channel: ${m.channel}`,
    `language: ${m.locale}`,
    `conversation: ${m.conversationId}`,
  ];
  const at = m.transcript.at(-1)?.createdAt ?? 0;
  const nameOf = (a: Author) => (a.role === 'customer' ? who : a.role === 'agent' ? (a.name ?? 'Agent') : a.role);
  // The message and the facts first, then the conversation; the protocol's transcript formats escape every value
  // and neutralise bidirectional controls.
  const lines = [
    { at, who: 'Message', text: neutraliseText(m.text) },
    { at, who: 'Customer', text: neutraliseText(facts.join('\n')) },
    ...transcriptLines(m.transcript, nameOf, 'labelled'),
  ];
  const subject = `Message from ${who} (${m.channel})`;
  return { subject, text: transcriptText(subject, lines), html: transcriptHtml(subject, lines) };
}

import type { Contact, OutboxEntry } from './types.js';

/** The plain-text "e-mail chat log to customer" for a closed chat (recorded in the outbox, never sent). */
export function renderTranscriptEmail(contact: Contact, now: number): OutboxEntry {
  const lines = contact.transcript.map((e) => `[${new Date(e.at).toISOString()}] ${e.name}: ${e.text}`);
  return {
    to: contact.customer.email ?? '',
    contactId: contact.id,
    subject: `Your chat transcript (${contact.id})`,
    body: [`Hello ${contact.customer.name},`, '', 'Here is the transcript of your chat:', '', ...lines, ''].join('\n'),
    at: now,
  };
}

/**
 * What a messaging customer reads for the conversation's system events (an agent joined, the queue, the end), in
 * their language: the app shows text only, so the events the widget draws as chips become short sentences.
 */
import type { ContentOf } from '@parley/protocol';
import { inLanguage } from '../languages.js';

type Words = Readonly<Record<string, string>>;

const EN: Words = {
  escalation_requested: 'Connecting you to an agent…',
  queued: 'You are in the queue; an agent will be with you shortly.',
  queue_position: 'You are number {position} in the queue.',
  agent_joined: '{name} joined the chat.',
  agent_left: '{name} left the chat.',
  transferred: 'You are being transferred to another agent.',
  conferenced: '{name} joined the conversation.',
  agent_unavailable: 'No agent is available right now.',
  contact_center_lost: 'The connection to our agents was lost; we are reconnecting.',
  contact_center_restored: 'The connection to our agents is back.',
  call_status: 'Call: {status}',
  conversation_ended: 'The conversation has ended. Write again any time.',
  idle_closed: 'The conversation was closed after inactivity. Write again any time.',
  someone: 'An agent',
};

const FR: Words = {
  escalation_requested: 'Connexion à un conseiller…',
  queued: 'Vous êtes dans la file d’attente ; un conseiller va vous répondre.',
  queue_position: 'Vous êtes numéro {position} dans la file.',
  agent_joined: '{name} a rejoint la conversation.',
  agent_left: '{name} a quitté la conversation.',
  transferred: 'Vous êtes transféré à un autre conseiller.',
  conferenced: '{name} a rejoint la conversation.',
  agent_unavailable: 'Aucun conseiller n’est disponible pour le moment.',
  contact_center_lost: 'Liaison avec nos conseillers perdue ; reconnexion.',
  contact_center_restored: 'Liaison avec nos conseillers rétablie.',
  call_status: 'Appel : {status}',
  conversation_ended: 'La conversation est terminée. Écrivez-nous quand vous voulez.',
  idle_closed: 'Conversation fermée après inactivité. Écrivez-nous quand vous voulez.',
  someone: 'Un conseiller',
};

/** The words for a system event in `locale` (en or fr), or undefined for events the customer is not told about. */
export function eventWords(locale: string): (content: ContentOf<'event'>) => string | undefined {
  const words = inLanguage(locale, { en: EN, fr: FR });
  return (content) => {
    const template = words[content.event];
    if (!template) return undefined;
    const data = content.data ?? {};
    const name = data['agentName'] ?? data['name'];
    return template
      .replace('{name}', typeof name === 'string' && name !== '' ? name : (words['someone'] ?? ''))
      .replace('{position}', String(data['position'] ?? ''))
      .replace('{status}', String(data['status'] ?? ''));
  };
}

/** The after-chat pane's own words (kept in its chunk, so the conversation bundle carries none of them). */
const EN = {
  rate: 'How was your chat with our agent?',
  star: '{n} out of 5',
  comment: 'Anything to add? (optional)',
  send: 'Send',
  thanks: 'Thank you for your feedback.',
  failed: "Sorry, that didn't go through. Please try again.",
  transcript: 'Keep a copy of this conversation',
  text: 'Download as text',
  html: 'Download as a web page',
  email: 'E-mail it to',
  emailSend: 'Send e-mail',
  emailed: 'Sent. Check your inbox.',
};

export type AfterChatKey = keyof typeof EN;

const FR: Record<AfterChatKey, string> = {
  rate: 'Comment s’est passé votre échange avec notre conseiller ?',
  star: '{n} sur 5',
  comment: 'Quelque chose à ajouter ? (facultatif)',
  send: 'Envoyer',
  thanks: 'Merci pour votre avis.',
  failed: 'Désolé, cela n’a pas abouti. Veuillez réessayer.',
  transcript: 'Garder une copie de cette conversation',
  text: 'Télécharger en texte',
  html: 'Télécharger en page web',
  email: 'L’envoyer par e-mail à',
  emailSend: 'Envoyer l’e-mail',
  emailed: 'Envoyé. Consultez votre boîte de réception.',
};

export function afterChatStrings(lang: string): Record<AfterChatKey, string> {
  return lang === 'fr' ? FR : EN;
}

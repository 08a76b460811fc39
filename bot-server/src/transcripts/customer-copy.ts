/** The customer's own copy of a conversation: their lines as "You", everyone else by name, in their language. */
import { transcriptHtml, transcriptLines, transcriptText, type Author, type Message } from '@parley/protocol';

const WORDS = {
  en: { you: 'You', bot: 'Assistant', agent: 'Agent', system: 'Info', title: 'Your conversation' },
  fr: { you: 'Vous', bot: 'Assistant', agent: 'Conseiller', system: 'Info', title: 'Votre conversation' },
} as const;

export type TranscriptFormatName = 'text' | 'html';

export interface CustomerCopy {
  subject: string;
  text: string;
  html: string;
}

function wordsFor(locale: string) {
  return locale.toLowerCase().startsWith('fr') ? WORDS.fr : WORDS.en;
}

/** A valid IANA zone or undefined (it comes from the browser). */
export function zoneOrUndefined(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

export function customerCopy(
  messages: readonly Message[],
  opts: { locale: string; timeZone?: string | undefined; startedAt: number },
): CustomerCopy {
  const w = wordsFor(opts.locale);
  const nameOf = (a: Author) =>
    a.role === 'customer' ? w.you : a.role === 'agent' ? (a.name ?? w.agent) : a.role === 'bot' ? w.bot : w.system;
  const lines = transcriptLines(messages, nameOf);
  const date = new Intl.DateTimeFormat(opts.locale, {
    dateStyle: 'long',
    ...(opts.timeZone ? { timeZone: opts.timeZone } : { timeZone: 'UTC' }),
  }).format(opts.startedAt);
  const subject = `${w.title} · ${date}`;
  const format = { locale: opts.locale, timeZone: opts.timeZone ?? 'UTC' };
  return { subject, text: transcriptText(subject, lines, format), html: transcriptHtml(subject, lines, format) };
}

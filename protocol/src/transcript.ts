/**
 * A conversation as a transcript a person keeps: plain text or a standalone HTML page. The widget builds both for
 * download, the server for e-mail and for the agent's copy of the bot conversation, so all of them read alike.
 * Everything a customer, the bot or an agent wrote is text: HTML is escaped, control characters are dropped and
 * bidirectional overrides and isolates (the "Trojan Source" characters) are removed so a line cannot be made to
 * read in an order other than the one it was written in.
 */
import { contentText } from './content-text.js';
import type { Author, Message } from './messages.js';

export interface TranscriptLine {
  at: number;
  who: string;
  text: string;
}

export interface TranscriptFormat {
  /** BCP 47 locale for the times and the HTML page's `lang`. Default `en`. */
  locale?: string;
  /** IANA time zone of the times; default the runtime's own. */
  timeZone?: string;
}

/** Embeddings, overrides, isolates and their terminators, plus the implicit marks. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** C0/C1 controls except tab and newline. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const OTHER_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Text safe to show in any order-sensitive context: no bidi controls, no control characters. */
export function neutraliseText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(OTHER_CONTROLS, '').replace(/\r\n?/g, '\n');
}

/**
 * The lines of a transcript: one per message that reads as something someone said (events are left out), the
 * author named by `nameOf`. Form answers are bare values for the customer's own copy, labelled for an agent.
 */
export function transcriptLines(
  messages: readonly Message[],
  nameOf: (author: Author) => string,
  formValues: 'values' | 'labelled' = 'values',
): TranscriptLine[] {
  return messages
    .filter((m) => m.content.type !== 'event')
    .map((m) => ({
      at: m.createdAt,
      who: neutraliseText(nameOf(m.author)),
      text: neutraliseText(contentText(m.content, { formValues })),
    }));
}

/** The locale if it is a valid BCP 47 tag, else `en` (it comes from a browser or a request). */
function localeOf(format: TranscriptFormat): string {
  try {
    return Intl.getCanonicalLocales(format.locale ?? 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function clock(format: TranscriptFormat): (at: number) => string {
  const f = new Intl.DateTimeFormat(localeOf(format), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(format.timeZone ? { timeZone: format.timeZone } : {}),
  });
  return (at) => f.format(at);
}

/** One line per message, "[HH:MM] Who: text"; continuation lines of a message are indented. */
export function transcriptText(title: string, lines: readonly TranscriptLine[], format: TranscriptFormat = {}): string {
  const time = clock(format);
  const body = lines.map((l) => `[${time(l.at)}] ${l.who}: ${l.text.replace(/\n/g, '\n    ')}`);
  return `${neutraliseText(title)}\n\n${body.join('\n')}\n`;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A standalone page: every value escaped, each message isolated with `dir="auto"` so right-to-left text shows as
 * written without reordering its neighbours, and a Content-Security-Policy that runs nothing should any markup
 * ever get through.
 */
export function transcriptHtml(title: string, lines: readonly TranscriptLine[], format: TranscriptFormat = {}): string {
  const time = clock(format);
  const esc = (s: string) => escapeHtml(neutraliseText(s));
  const rows = lines
    .map(
      (l) =>
        `<li><span class="meta"><time datetime="${new Date(l.at).toISOString()}">${esc(time(l.at))}</time> ` +
        `<b dir="auto">${esc(l.who)}</b></span><p dir="auto">${esc(l.text)}</p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${esc(localeOf(format))}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1d2530}
ol{list-style:none;padding:0}li{margin:0 0 .9rem}.meta{color:#5f6b7a;font-size:13px}p{margin:.1rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<ol>
${rows}
</ol>
</body>
</html>
`;
}

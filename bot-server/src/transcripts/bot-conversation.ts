/**
 * The customer's conversation with the bot, for the agent who takes the chat. EWC carries only text and AACC's
 * custom fields are too small for it (10 fields of 255 characters), so it travels as the chat's first customer
 * messages, each at most one agent-desktop message long and headed "Conversation with the bot (n/m, times UTC)":
 * any AACC desktop shows it as text, the simulator's desktop recognises the header and shows it beside the chat.
 */
import { transcriptLines, transcriptText, type Message } from '@parley/protocol';

export const BOT_CONVERSATION_TITLE = 'Conversation with the bot';
/** Characters per chat message an AACC agent desktop accepts (the EWC gateway's own limit). */
const MESSAGE_MAX_CHARS = 4045;
/** Room kept for the header line of each part ("Conversation with the bot (12/12, times UTC)\n"). */
const HEADER_ROOM = 64;

function header(part: number, parts: number): string {
  return `${BOT_CONVERSATION_TITLE} (${part}/${parts}, times UTC)`;
}

/**
 * The messages that carry the bot conversation to the agent, in order; none when the customer said nothing.
 * Lines are kept whole when they fit; a longer line is cut by code points.
 */
export function botConversationParts(
  transcript: readonly Message[],
  customerName: string,
  maxChars: number = MESSAGE_MAX_CHARS,
): string[] {
  const said = transcript.filter((m) => m.author.role === 'customer' || m.author.role === 'bot');
  if (!said.some((m) => m.author.role === 'customer')) return [];
  const nameOf = (a: Message['author']) => (a.role === 'customer' ? customerName : 'Bot');
  // transcriptText's body, without its title: one "[HH:MM] Who: text" line per message.
  const text = transcriptText('', transcriptLines(said, nameOf, 'labelled'), { timeZone: 'UTC', locale: 'en-GB' });
  const room = maxChars - HEADER_ROOM;
  const chunks: string[] = [];
  let current = '';
  for (const line of text
    .trim()
    .split('\n')
    .flatMap((l) => cut(l, room))) {
    if (current !== '' && Array.from(current).length + 1 + Array.from(line).length > room) {
      chunks.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') chunks.push(current);
  return chunks.map((body, i) => `${header(i + 1, chunks.length)}\n${body}`);
}

function cut(line: string, max: number): string[] {
  const chars = Array.from(line);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out.length > 0 ? out : [line];
}

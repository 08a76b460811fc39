import type { TranscriptEntry } from '../src/model/types.js';

/**
 * Parley sends the customer's whole conversation with the bot as the chat's first customer messages (EWC carries
 * only text, and custom fields are too small for it), each part headed "Conversation with the bot (n/m)". An AACC
 * agent desktop shows them as text; this one recognises the header and shows the parts in the customer pane.
 */
const HEADER = /^Conversation with the bot \((\d+)\/(\d+)[^)\n]*\)[^\n]*\n/;

export interface SplitTranscript {
  /** The bot conversation's lines, parts joined in order. */
  bot: string[];
  /** Everything else, as the log shows it. */
  chat: TranscriptEntry[];
}

export function splitBotTranscript(transcript: readonly TranscriptEntry[]): SplitTranscript {
  const parts = new Map<number, string>();
  const chat: TranscriptEntry[] = [];
  for (const entry of transcript) {
    const match = entry.from === 'customer' ? HEADER.exec(entry.text) : null;
    if (match) parts.set(Number(match[1]), entry.text.slice(match[0].length));
    else chat.push(entry);
  }
  const bot = [...parts.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, text]) => text.split('\n'))
    .filter((line) => line.trim() !== '');
  return { bot, chat };
}

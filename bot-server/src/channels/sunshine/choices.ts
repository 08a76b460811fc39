/**
 * A customer's reply read against the last choice we offered. On channels without buttons the choice went out as
 * numbered text, so "1", " 1.", "1)" and the option's label in any case ("chat", "CHAT") all pick it; on channels with
 * buttons the tap brings the reply's payload (quick reply) or the postback's. Anything else is free text for the bot.
 */
import type { Content } from '@parley/protocol';

export interface ChoiceOption {
  label: string;
  payload: string;
}

/** What the customer was last asked to choose from, in the order it was numbered. */
export interface OfferedChoice {
  options: ChoiceOption[];
}

/** What the customer sent, as far as choosing goes. */
export interface ChoiceReply {
  text?: string | undefined;
  /** A quick-reply tap's payload, or a postback's. */
  payload?: string | undefined;
}

export type ChoiceMatch = { matched: true; index: number; option: ChoiceOption } | { matched: false };

/** "1", " 1.", "1)", "#1", "n° 1" → 1. */
const NUMBER = /^(?:#|n°|no\.?)?\s*(\d{1,2})\s*[.)]?$/i;

/** Case, accents, surrounding spaces and a final full stop do not count. */
export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

export function matchChoice(offered: OfferedChoice | undefined, reply: ChoiceReply): ChoiceMatch {
  if (!offered || offered.options.length === 0) return { matched: false };
  const found = (index: number): ChoiceMatch => {
    const option = offered.options[index];
    return option ? { matched: true, index, option } : { matched: false };
  };
  if (reply.payload !== undefined) {
    const byPayload = offered.options.findIndex((o) => o.payload === reply.payload);
    if (byPayload >= 0) return found(byPayload);
  }
  const text = reply.text?.trim();
  if (!text) return { matched: false };
  const number = NUMBER.exec(text);
  if (number?.[1]) return found(Number(number[1]) - 1);
  const answer = normaliseAnswer(text);
  return found(offered.options.findIndex((o) => normaliseAnswer(o.label) === answer));
}

/**
 * The content the bot should see for a reply: the chosen option as a postback (label shown in the transcript), or
 * undefined when the reply chose nothing and goes to the bot as it was written.
 */
export function choiceContent(offered: OfferedChoice | undefined, reply: ChoiceReply): Content | undefined {
  const match = matchChoice(offered, reply);
  if (!match.matched) return undefined;
  return { type: 'postback', payload: match.option.payload, label: match.option.label };
}

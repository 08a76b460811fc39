/**
 * The agent's one-glance summary of the bot conversation, sized for an AACC custom field (255 chars):
 * topics asked (FAQ intents first), what was collected (the phone only as its last digits), and the
 * customer's latest messages. Plain text; most important first, so truncation drops the least useful.
 */
import type { Message } from '@parley/protocol';
import type { BotContext } from '../domain/ports.js';
import { LOCATION_SLOT, type CompiledFlow } from './flow-model.js';
import { truncate } from './text.js';

export const SUMMARY_MAX_CHARS = 255;
const LAST_MESSAGES = 3;
const MESSAGE_MAX_CHARS = 60;

export function summarize(flow: CompiledFlow, ctx: BotContext, transcript: readonly Message[]): string {
  const parts: string[] = [];
  const seen = [...new Set(ctx.state?.intents ?? [])];
  const faqs = seen.filter((i) => flow.intents[i]?.tag === 'faq');
  const other = seen.filter((i) => flow.intents[i]?.tag !== 'faq' && flow.intents[i]?.tag !== 'smalltalk');
  if (faqs.length > 0) parts.push(`FAQ: ${faqs.map(label).join(', ')}`);
  if (other.length > 0) parts.push(`Intents: ${other.map(label).join(', ')}`);
  const d = ctx.details;
  const known: string[] = [];
  if (d['name']) known.push(`name ${d['name']}`);
  if (d['phone']) known.push(`phone …${d['phone'].slice(-4)}`);
  if (d['email']) known.push('email given');
  if (d['leftMessage']) known.push('left a message');
  const place = ctx.state?.slots[LOCATION_SLOT];
  if (place) known.push(`location ${place}`);
  if (known.length > 0) parts.push(`Known: ${known.join(', ')}`);
  parts.push(`Lang: ${ctx.locale}`);
  const said = transcript
    .filter((m) => m.author.role === 'customer' && m.content.type === 'text')
    .slice(-LAST_MESSAGES)
    .map((m) => `"${truncate(oneLine(m.content.type === 'text' ? m.content.text : ''), MESSAGE_MAX_CHARS)}"`);
  if (said.length > 0) parts.push(`Said: ${said.join(' / ')}`);
  return truncate(parts.join(' | '), SUMMARY_MAX_CHARS);
}

function label(intent: string): string {
  return intent.replace(/^(faq|smalltalk)\./, '').replace(/[_.-]+/g, ' ');
}

function oneLine(s: string): string {
  return s
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * An agent's `/rich CODE`: the catalogue's content for the customer, and the words for the agent (the text
 * fallback that went, or why nothing went). Whatever the channel: the channel's renderer degrades the content.
 */
import type { Content } from '@parley/protocol';
import { withMediaBase, type RichCatalogue } from './catalogue.js';

export type RichExpansion =
  | { ok: true; code: string; content: Content; fallback: string; agentWords: string }
  | { ok: false; agentWords: string };

/** The code an agent's text asks for, or undefined when the text is not a /rich command. */
export function parseRichCommand(text: string): { code: string } | undefined {
  const match = /^\s*\/rich(?:\s+(\S*))?\s*$/i.exec(text);
  if (!match) return undefined;
  return { code: (match[1] ?? '').toLowerCase() };
}

/**
 * Expands `/rich CODE` from the catalogue; undefined when the text is an ordinary message. `mediaBase` is this
 * server's public origin, for the catalogue's own pictures.
 */
export function expandRich(
  catalogue: RichCatalogue | undefined,
  text: string,
  mediaBase?: string,
): RichExpansion | undefined {
  const command = parseRichCommand(text);
  if (!command) return undefined;
  const codes = catalogue ? [...catalogue.responses.keys()].join(', ') : '';
  const available = `Available: ${codes || 'none configured'}.`;
  if (!command.code) return { ok: false, agentWords: `Rich response not sent: name it, /rich CODE. ${available}` };
  const entry = catalogue?.responses.get(command.code);
  if (!entry) return { ok: false, agentWords: `Rich response not sent: no "${command.code}". ${available}` };
  return {
    ok: true,
    code: entry.code,
    content: withMediaBase(entry.content, mediaBase),
    fallback: entry.fallback,
    agentWords: `"${entry.title}" sent: ${entry.fallback}`,
  };
}

/**
 * Rich responses for agents (`/rich CODE`): the catalogue next to the flows, as the conversation service's agent
 * commands, and the list the agent desktop's palette shows.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_FLOWS_DIR } from '../bot/index.js';
import type { Config } from '../config/index.js';
import type { AgentCommands } from '../domain/service-context.js';
import type { Logger } from '../logger.js';
import { loadRichCatalogue, type RichCatalogue } from './catalogue.js';
import { expandRich } from './command.js';

export { loadRichCatalogue, parseRichCatalogue, type RichCatalogue, type RichResponse } from './catalogue.js';
export { expandRich, parseRichCommand, type RichExpansion } from './command.js';
export { MEDIA_PATH_PREFIX, mediaBaseOf, mediaRouter } from './media.js';

export const RICH_FILE = 'rich-responses.yaml';

export function richCommands(catalogue: RichCatalogue, mediaBase?: () => string): AgentCommands {
  return { expand: (text) => expandRich(catalogue, text, mediaBase?.()) };
}

/** What a palette lists: the code to type, the title, the kind and the text the agent will see. */
export function richPalette(
  catalogue: RichCatalogue | undefined,
): Array<{ code: string; title: string; kind: string; fallback: string }> {
  return [...(catalogue?.responses.values() ?? [])].map(({ code, title, kind, fallback }) => ({
    code,
    title,
    kind,
    fallback,
  }));
}

/** The catalogue next to the flows (FLOWS_DIR or the bundled ones); undefined, with a warning, when invalid. */
export async function richCatalogueFor(config: Config, logger: Logger): Promise<RichCatalogue | undefined> {
  const dir = config.bot.FLOWS_DIR ?? BUNDLED_FLOWS_DIR;
  const file = [join(dir, RICH_FILE), join(dir, 'default', RICH_FILE)].find((f) => existsSync(f));
  if (!file) return undefined;
  try {
    return await loadRichCatalogue(file);
  } catch (err) {
    logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'rich responses not loaded');
    return undefined;
  }
}

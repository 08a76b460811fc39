/**
 * The catalogue of rich responses agents can send, like the groups of Oceana's rich media widget: images, files,
 * link buttons, locations, compound messages (text, picture and buttons in one card) and carousels. AACC's chat
 * carries text only, so an agent types `/rich CODE`; Parley sends the content (degraded per channel by the channel's
 * renderer) and tells the agent the text fallback. The file sits next to the flows (`rich-responses.yaml`).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ContentSchema, LIMITS, contentText, isSafeUrl, type Action, type Content } from '@parley/protocol';
import { ParleyError } from '../errors.js';
import { formatProblems, parsePart, parseYamlSource, type FlowProblem } from '../bot/yaml-source.js';

const url = z.string().max(LIMITS.urlMaxChars).refine(isSafeUrl, 'only https, http, mailto and tel links');
const label = z.string().min(1).max(LIMITS.labelMaxChars);
const text = z.string().min(1).max(LIMITS.textMaxChars);
const size = z.int().min(1).max(10_000);
/** A card's picture served by Parley itself (`media/` beside this file, at /media/...), e.g. /media/tariffs/flex.svg. */
const MEDIA_PATH = /^\/media\/(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+\.(?:png|svg|jpe?g|webp|gif)$/;
const picture = z.union([
  url,
  z.string().regex(MEDIA_PATH, 'a link, or a picture of media/ as /media/NAME.svg|png|jpg'),
]);

/** A button: opens `url`, posts `reply` back to the bot as the customer's choice, or asks for their `location`. */
const Button = z.union([
  z.strictObject({ label, url }),
  z.strictObject({ label, reply: z.string().min(1).max(LIMITS.payloadMaxChars) }),
  z.strictObject({ label, location: z.literal(true) }),
]);
const Image = z.strictObject({
  url,
  alt: z.string().max(300).optional(),
  /** Pixels, so the picture is sized before it loads. */
  width: size.optional(),
  height: size.optional(),
  type: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']).default('image/jpeg'),
});
const Card = z.strictObject({
  title: label,
  text: text.optional(),
  image: picture.optional(),
  buttons: z.array(Button).max(3).optional(),
});

const KINDS = ['text', 'image', 'file', 'location', 'compound', 'carousel'] as const;

const EntrySchema = z.strictObject({
  /** What the agent types after /rich: lowercase letters, digits, - and _. */
  code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _ (at most 40)'),
  /** A translation of the entry with the same code, for the bot's customers in this language (agents get the default). */
  locale: z
    .string()
    .regex(/^[a-z]{2}$/, 'a two-letter language code like fr')
    .optional(),
  /** What the agent reads in the palette. */
  title: z.string().min(1).max(128),
  /** What the agent and the transcript read; default: the content as text. */
  fallback: z.string().min(1).max(1024).optional(),
  /** Text with link buttons (or reply buttons). */
  text: text.optional(),
  buttons: z.array(Button).max(LIMITS.actionsMax).optional(),
  image: Image.optional(),
  file: z
    .strictObject({ url, name: z.string().min(1).max(255), type: z.string().min(1).max(100), size: z.int().optional() })
    .optional(),
  location: z
    .strictObject({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().max(200).optional(),
      address: z.string().max(500).optional(),
    })
    .optional(),
  /** Text, a picture and buttons in one card. */
  compound: Card.optional(),
  carousel: z.array(Card).min(1).max(LIMITS.carouselItemsMax).optional(),
});
type Entry = z.infer<typeof EntrySchema>;

const CatalogueSchema = z.strictObject({ responses: z.array(EntrySchema).default([]) });

export interface RichResponse {
  code: string;
  title: string;
  kind: (typeof KINDS)[number];
  content: Content;
  fallback: string;
}

export interface RichCatalogue {
  readonly file: string;
  /** The default entry of each code: what agents send and the palette lists. */
  readonly responses: ReadonlyMap<string, RichResponse>;
  /** Translations, by `code:locale`. */
  readonly localized: ReadonlyMap<string, RichResponse>;
}

/** The entry for a customer's language, else the default one. */
export function richResponse(catalogue: RichCatalogue, code: string, locale?: string): RichResponse | undefined {
  return (locale ? catalogue.localized.get(`${code}:${locale}`) : undefined) ?? catalogue.responses.get(code);
}

function actionOf(b: z.infer<typeof Button>): Action {
  if ('location' in b) return { type: 'location_request', label: b.label };
  return 'url' in b
    ? { type: 'link', label: b.label, url: b.url }
    : { type: 'postback', label: b.label, payload: b.reply };
}

function cardOf(c: z.infer<typeof Card>) {
  return {
    title: c.title,
    ...(c.text ? { subtitle: c.text } : {}),
    ...(c.image ? { imageUrl: c.image } : {}),
    ...(c.buttons?.length ? { actions: c.buttons.map(actionOf) } : {}),
  };
}

/** The entry as protocol content; `kind` is the one content key it holds. */
function contentOf(e: Entry, kind: RichResponse['kind']): Content {
  switch (kind) {
    case 'text':
      return { type: 'text', text: e.text ?? '', ...(e.buttons?.length ? { actions: e.buttons.map(actionOf) } : {}) };
    case 'image': {
      const { type, ...image } = e.image as NonNullable<Entry['image']>;
      return { type: 'image', ...image, mimeType: type, scan: 'clean' };
    }
    case 'file': {
      const { type, ...file } = e.file as NonNullable<Entry['file']>;
      return { type: 'file', ...file, mimeType: type, scan: 'clean' };
    }
    case 'location':
      return { type: 'location', ...(e.location as NonNullable<Entry['location']>) };
    case 'compound':
      // A compound message is a carousel of one card: every renderer already draws a card with a picture and buttons.
      return { type: 'carousel', items: [cardOf(e.compound as NonNullable<Entry['compound']>)] };
    case 'carousel':
      return { type: 'carousel', items: (e.carousel ?? []).map(cardOf) };
  }
}

/**
 * Content with its /media/ card pictures made absolute on `base` (this server's public origin); without a base they
 * are left out, since a page could not load them anyway.
 */
export function withMediaBase(content: Content, base: string | undefined): Content {
  if (content.type !== 'carousel') return content;
  const items = content.items.map(({ imageUrl, ...item }) =>
    imageUrl === undefined || !imageUrl.startsWith('/')
      ? { ...item, ...(imageUrl ? { imageUrl } : {}) }
      : { ...item, ...(base ? { imageUrl: `${base.replace(/\/$/, '')}${imageUrl}` } : {}) },
  );
  return { ...content, items };
}

function invalid(file: string, problems: FlowProblem[]): ParleyError {
  const n = problems.length;
  return new ParleyError(
    'PARLEY_ERR_FLOW',
    `Invalid rich response catalogue ${file} (${n} problem${n === 1 ? '' : 's'}):\n${formatProblems(problems)}`,
    problems,
  );
}

/** Parse a catalogue's text; throws PARLEY_ERR_FLOW listing every problem as file:line:column. */
export function parseRichCatalogue(file: string, text: string): RichCatalogue {
  const src = parseYamlSource(file, text);
  if (src.syntaxProblems.length > 0) throw invalid(file, src.syntaxProblems);
  const problems: FlowProblem[] = [];
  const parsed = parsePart(src, CatalogueSchema, problems);
  if (!parsed) throw invalid(file, problems);
  const responses = new Map<string, RichResponse>();
  const localized = new Map<string, RichResponse>();
  parsed.responses.forEach((e, i) => {
    const at = (key: string, message: string) => problems.push(src.problemAt(['responses', i, key], message));
    const kinds = KINDS.filter((k) => e[k] !== undefined);
    const kind = kinds[0];
    if (kinds.length !== 1 || !kind)
      return at('code', `"${e.code}" needs exactly one of ${KINDS.join(', ')} (has ${kinds.join(', ') || 'none'})`);
    if (e.buttons && kind !== 'text') return at('buttons', 'buttons go with text (a card has its own buttons)');
    const into = e.locale ? localized : responses;
    const key = e.locale ? `${e.code}:${e.locale}` : e.code;
    if (into.has(key)) return at('code', `"${key}" is listed twice`);
    const content = contentOf(e, kind);
    const checked = ContentSchema.safeParse(withMediaBase(content, 'https://parley.invalid'));
    if (!checked.success) return at(kind, `not a valid ${kind}: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    const fallback =
      e.fallback ??
      (e.compound ? [e.compound.title, e.compound.text].filter(Boolean).join(': ') : contentText(content));
    into.set(key, { code: e.code, title: e.title, kind, content, fallback });
  });
  parsed.responses.forEach((e, i) => {
    if (e.locale && !responses.has(e.code))
      problems.push(src.problemAt(['responses', i, 'locale'], `"${e.code}" has a translation but no default entry`));
  });
  if (problems.length > 0) throw invalid(file, problems);
  return { file, responses, localized };
}

/** Load the catalogue file; a missing file is an empty catalogue. */
export async function loadRichCatalogue(file: string): Promise<RichCatalogue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, responses: new Map(), localized: new Map() };
    throw err;
  }
  return parseRichCatalogue(file, text);
}

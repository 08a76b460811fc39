/**
 * WhatsApp message templates: the catalogue an operator keeps (like the "WhatsApp Template Messages" group of
 * Oceana's rich media widget) and the agent's way to send one. AACC's chat carries only text, so an agent types
 * `/template NAME [param ...]` (quote a parameter with spaces); the customer gets the approved template, the agent and
 * the transcript see its text fallback with the parameters filled in.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ParleyError } from '../../errors.js';
import { formatProblems } from '../../bot/flow-loader.js';
import { parseYamlSource, type FlowProblem } from '../../bot/yaml-source.js';
import type { OutboundBodies, WhatsAppTemplate } from './bodies.js';

const TemplateSchema = z.strictObject({
  /** What the agent reads in a list of templates. */
  title: z.string().min(1).max(128),
  /** As approved by WhatsApp: lowercase letters, digits and underscores. */
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits and underscores only'),
  /** The WhatsApp Business Account's namespace (On-Premises API; the Cloud API needs none). */
  namespace: z.string().min(1).max(128).optional(),
  /** WhatsApp language code of the approved translation (en_US, fr, pt_BR...). */
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a WhatsApp language code such as en_US or fr'),
  /** Names of the body parameters {{1}}, {{2}}..., in order, for the agent's help. */
  parameters: z
    .array(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/))
    .max(10)
    .default([]),
  /** What the agent and the transcript see; {{1}} stands for the first parameter. */
  fallback: z.string().min(1).max(1024),
});
export type WhatsAppTemplateEntry = z.infer<typeof TemplateSchema>;

const CatalogueSchema = z.strictObject({ templates: z.array(TemplateSchema).default([]) });

export interface TemplateCatalogue {
  readonly file: string;
  readonly templates: ReadonlyMap<string, WhatsAppTemplateEntry>;
}

const PLACEHOLDER = /\{\{(\d+)\}\}/g;

function invalid(file: string, problems: FlowProblem[]): ParleyError {
  const n = problems.length;
  return new ParleyError(
    'PARLEY_ERR_FLOW',
    `Invalid WhatsApp template catalogue ${file} (${n} problem${n === 1 ? '' : 's'}):\n${formatProblems(problems)}`,
    problems,
  );
}

/** Parse a catalogue's text; throws PARLEY_ERR_FLOW listing every problem as file:line:column. */
export function parseTemplateCatalogue(file: string, text: string): TemplateCatalogue {
  const src = parseYamlSource(file, text);
  if (src.syntaxProblems.length > 0) throw invalid(file, src.syntaxProblems);
  const parsed = CatalogueSchema.safeParse(src.data ?? {});
  if (!parsed.success) {
    throw invalid(
      file,
      parsed.error.issues.flatMap((issue) => {
        const at = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
        if (issue.code !== 'unrecognized_keys')
          return [src.problemAt(at, `${at.join('.') || '(file)'}: ${issue.message}`)];
        return issue.keys.map((key) => src.problemAt([...at, key], `unknown key "${key}"`, true));
      }),
    );
  }
  const problems: FlowProblem[] = [];
  const templates = new Map<string, WhatsAppTemplateEntry>();
  parsed.data.templates.forEach((t, i) => {
    if (templates.has(t.name))
      problems.push(src.problemAt(['templates', i, 'name'], `template "${t.name}" is listed twice`));
    templates.set(t.name, t);
    for (const [, n] of t.fallback.matchAll(PLACEHOLDER)) {
      if (Number(n) < 1 || Number(n) > t.parameters.length)
        problems.push(
          src.problemAt(['templates', i, 'fallback'], `{{${n}}} has no parameter (${t.parameters.length} declared)`),
        );
    }
  });
  if (problems.length > 0) throw invalid(file, problems);
  return { file, templates };
}

/** Load the catalogue file; a missing file is an empty catalogue (no templates offered). */
export async function loadTemplateCatalogue(file: string): Promise<TemplateCatalogue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, templates: new Map() };
    throw err;
  }
  return parseTemplateCatalogue(file, text);
}

export type TemplateCommand = { name: string; params: string[] } | { problem: string };

/** `/template NAME [param ...]`, parameters in "double" or 'single' quotes when they hold spaces; else undefined. */
export function parseTemplateCommand(text: string): TemplateCommand | undefined {
  const match = /^\s*\/template(?:\s+([\s\S]*))?$/i.exec(text);
  if (!match) return undefined;
  const words: string[] = [];
  const rest = match[1] ?? '';
  const token = /\s*(?:"([^"]*)"|'([^']*)'|(["'])|(\S+))/gy;
  for (let m = token.exec(rest); m && m[0].trim() !== ''; m = token.exec(rest)) {
    if (m[3]) return { problem: 'a quoted parameter is not closed' };
    words.push(m[1] ?? m[2] ?? m[4] ?? '');
  }
  const [name, ...params] = words;
  if (!name) return { problem: 'name the template: /template NAME [parameters]' };
  return { name, params };
}

export interface TemplateMessage {
  entry: WhatsAppTemplateEntry;
  params: string[];
  /** The fallback with the parameters filled in: what the agent and the transcript see. */
  fallbackText: string;
  template: WhatsAppTemplate;
  bodies: OutboundBodies;
}

/** WhatsApp refuses newlines, tabs and long runs of spaces in a parameter; the shorthand cannot carry its brackets. */
function cleanParam(p: string): string | undefined {
  const v = p.replace(/\s+/g, ' ').trim();
  return v === '' || /\[\[|\]\]|\)\)&/.test(v) ? undefined : v;
}

function shorthand(t: WhatsAppTemplateEntry, fallback: string, params: string[]): string {
  const pair = (k: string, v: string) => `${k}=[[${v}]]`;
  return [
    '&((',
    t.namespace ? pair('namespace', t.namespace) : '',
    pair('template', t.name),
    pair('fallback', fallback.replace(/\]\]/g, '] ]')),
    pair('language', t.language),
    ...params.map((p) => pair('body_text', p)),
    '))&',
  ].join('');
}

/** The template an agent's command asks for, or the words explaining why it cannot go. */
export function buildTemplateMessage(
  catalogue: TemplateCatalogue,
  command: { name: string; params: string[] },
): { ok: true; message: TemplateMessage } | { ok: false; words: string } {
  const entry = catalogue.templates.get(command.name);
  if (!entry) {
    const names = [...catalogue.templates.keys()].join(', ') || 'none configured';
    return { ok: false, words: `No WhatsApp template "${command.name}". Available: ${names}.` };
  }
  const params = command.params.map(cleanParam);
  const usage = `/template ${entry.name}${entry.parameters.map((p) => ` <${p}>`).join('')}`;
  if (params.length !== entry.parameters.length || params.some((p) => p === undefined)) {
    return { ok: false, words: `"${entry.title}" needs ${entry.parameters.length} parameter(s): ${usage}` };
  }
  const filled = params as string[];
  const fallbackText = entry.fallback.replace(PLACEHOLDER, (_, n: string) => filled[Number(n) - 1] ?? '');
  const template: WhatsAppTemplate = {
    ...(entry.namespace ? { namespace: entry.namespace } : {}),
    name: entry.name,
    language: { policy: 'deterministic', code: entry.language },
    ...(filled.length > 0
      ? { components: [{ type: 'body', parameters: filled.map((text) => ({ type: 'text' as const, text })) }] }
      : {}),
  };
  const bodies: OutboundBodies = {
    v1: { role: 'appMaker', type: 'text', text: shorthand(entry, fallbackText, filled) },
    v2: { author: { type: 'business' }, schema: 'whatsapp', content: { type: 'template', template } },
  };
  return { ok: true, message: { entry, params: filled, fallbackText, template, bodies } };
}

/**
 * Transcript tests, a bot author's feature: YAML files of customer inputs and expected bot output,
 * replayed against an engine (see flows/README.md, "Transcript tests").
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { LOCATION_DECLINED, type Content } from '@parley/protocol';
import type { BotAction, BotEngine, BotInput, BotState } from '../domain/ports.js';
import { parseYamlSource } from './yaml-source.js';

const Expect = z.strictObject({
  /** Bot replies in order: a text reply must contain the string; `{ form: id }` matches a form card; `{ content: type }`
   * any other content of that type (carousel, location, image...). */
  bot: z
    .array(z.union([z.string(), z.strictObject({ form: z.string() }), z.strictObject({ content: z.string() })]))
    .optional(),
  /** Actions that must be present (deep partial match), e.g. { type: escalate, channel: chat }. */
  actions: z.array(z.record(z.string(), z.unknown())).optional(),
  /** True: no action at all this turn. */
  noActions: z.boolean().optional(),
  intent: z.string().optional(),
  node: z.string().optional(),
});

const Step = z
  .strictObject({
    start: z.literal(true).optional(),
    say: z.string().optional(),
    /** Press the quick reply / button with this label among the last bot replies. */
    click: z.string().optional(),
    form: z.strictObject({ id: z.string(), values: z.record(z.string(), z.string()) }).optional(),
    /** Share a place (the widget's "Share my location"), or `declined` ("Not now"). */
    location: z
      .union([z.strictObject({ latitude: z.number(), longitude: z.number() }), z.literal('declined')])
      .optional(),
    event: z
      .enum([
        'handoff_failed',
        'agent_unavailable',
        'handoff_ended',
        'voice_failed',
        'voice_ended',
        'contact_center_lost',
        'agent_chat_expired',
        'agent_chat_lost',
        'queue_wait',
        'queue_left',
      ])
      .optional(),
    expect: Expect.optional(),
  })
  .refine(
    (s) => [s.start, s.say, s.click, s.form, s.location, s.event].filter((x) => x !== undefined).length === 1,
    'a step needs exactly one of start, say, click, form, location, event',
  );

export const TranscriptSchema = z.strictObject({
  name: z.string(),
  locale: z.string().default('en'),
  details: z.record(z.string(), z.string()).default({}),
  steps: z.array(Step).min(1),
});
export type Transcript = z.infer<typeof TranscriptSchema>;

/** Where a transcript came from: its file, and the line of each step's expectation (else of the step). */
export interface TranscriptSource {
  file: string;
  lines: number[];
}

/** Reads every *.yaml transcript in `dir`. */
export async function loadTranscripts(
  dir: string,
): Promise<Array<{ file: string; transcript: Transcript; source: TranscriptSource }>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const file = path.join(dir, f);
      const src = parseYamlSource(file, await readFile(file, 'utf8'));
      const transcript = TranscriptSchema.parse(src.data);
      const lines = transcript.steps.map(
        (step, i) => src.problemAt(['steps', i, ...(step.expect ? ['expect'] : [])], '').line,
      );
      return { file, transcript, source: { file, lines } };
    }),
  );
}

/** Replays a transcript; resolves to the list of mismatches (empty = pass), each as "file:line: step N: ..." when `source` is given. */
export async function runTranscript(engine: BotEngine, t: Transcript, source?: TranscriptSource): Promise<string[]> {
  const failures: string[] = [];
  const details: Record<string, string> = { ...t.details };
  let state: BotState | undefined;
  let lastReplies: Content[] = [];
  for (const [i, step] of t.steps.entries()) {
    const line = source?.lines[i];
    const where = `${source && line !== undefined ? `${source.file}:${line}: ` : ''}step ${i + 1}`;
    const input = toInput(step, lastReplies);
    if (typeof input === 'string') {
      failures.push(`${where}: ${input}`);
      break;
    }
    const turn = await engine.handle({ state, locale: t.locale, details }, input);
    state = turn.state;
    lastReplies = turn.replies;
    for (const a of turn.actions) if (a.type === 'set_details') Object.assign(details, a.details);
    const e = step.expect;
    if (!e) continue;
    if (e.bot) {
      const got = turn.replies.map(describe);
      const ok =
        e.bot.length === got.length &&
        e.bot.every((exp, j) =>
          typeof exp === 'string'
            ? got[j]?.startsWith('text:') && got[j]?.includes(exp)
            : got[j] === ('form' in exp ? `form:${exp.form}` : exp.content),
        );
      if (!ok) failures.push(`${where}: expected bot ${JSON.stringify(e.bot)}, got ${JSON.stringify(got)}`);
    }
    for (const exp of e.actions ?? []) {
      if (!turn.actions.some((a) => partialMatch(a, exp)))
        failures.push(`${where}: expected action ${JSON.stringify(exp)}, got ${JSON.stringify(turn.actions)}`);
    }
    if (e.noActions && turn.actions.length > 0)
      failures.push(`${where}: expected no actions, got ${JSON.stringify(turn.actions)}`);
    if (e.intent !== undefined && turn.intent?.name !== e.intent)
      failures.push(`${where}: expected intent ${e.intent}, got ${turn.intent?.name ?? 'none'}`);
    if (e.node !== undefined && turn.state.node !== e.node)
      failures.push(`${where}: expected node ${e.node}, got ${turn.state.node}`);
  }
  return failures;
}

function toInput(step: z.infer<typeof Step>, lastReplies: Content[]): BotInput | string {
  if (step.start) return { type: 'start' };
  if (step.say !== undefined) return { type: 'text', text: step.say };
  if (step.form) return { type: 'form_response', formId: step.form.id, values: step.form.values };
  if (step.event) return { type: 'event', name: step.event };
  if (step.location === 'declined') return { type: 'postback', payload: LOCATION_DECLINED, label: 'Not now' };
  if (step.location) return { type: 'location', ...step.location };
  const actions = lastReplies.flatMap((r) => (r.type === 'text' ? (r.actions ?? []) : []));
  const hit = actions.find((a) => a.label === step.click);
  if (!hit || (hit.type !== 'reply' && hit.type !== 'postback'))
    return `no button "${step.click}" among ${JSON.stringify(actions.map((a) => a.label))}`;
  return { type: 'postback', payload: hit.payload, label: hit.label };
}

function describe(c: Content): string {
  if (c.type === 'text') return `text:${c.text}`;
  if (c.type === 'form') return `form:${c.formId}`;
  return c.type;
}

function partialMatch(actual: BotAction, expected: Record<string, unknown>): boolean {
  return Object.entries(expected).every(([k, v]) => {
    const a = (actual as Record<string, unknown>)[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && a && typeof a === 'object')
      return partialMatch(a as BotAction, v as Record<string, unknown>);
    return isDeepStrictEqual(a, v);
  });
}

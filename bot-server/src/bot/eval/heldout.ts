/**
 * Held-out sets of a flow (flows/<flow>/heldout/*.yaml): wordings written apart from the training
 * data, to measure the bot as customers write. Loading refuses any held-out utterance that is also a
 * training example or keyword, so a held-out figure can never be inflated by training on it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import type { CompiledFlow } from '../flow-model.js';
import { normaliseForMatch } from '../text.js';
import { TranscriptSchema, type Transcript } from '../transcript-runner.js';

/** The label for out-of-scope wordings: the bot must fall back gracefully. */
export const OUT_OF_SCOPE = 'none';

const UtteranceFile = z.strictObject({
  locale: z.string().regex(/^[a-z]{2}$/),
  expect: z.record(z.string(), z.array(z.string().min(1))),
});
const SituationFile = z.strictObject({ situations: z.array(TranscriptSchema).min(1) });

export interface HeldOutCase {
  locale: string;
  text: string;
  /** Intent id, or OUT_OF_SCOPE. */
  expected: string;
}

export interface HeldOutSet {
  cases: HeldOutCase[];
  situations: Transcript[];
}

/** Reads every held-out file of the flow; throws listing every utterance that leaks into training. */
export async function loadHeldOut(flow: CompiledFlow): Promise<HeldOutSet> {
  const dir = path.join(flow.dir, 'heldout');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const out: HeldOutSet = { cases: [], situations: [] };
  for (const f of files) {
    const data: unknown = parse(await readFile(path.join(dir, f), 'utf8'));
    if (data && typeof data === 'object' && 'situations' in data) {
      out.situations.push(...SituationFile.parse(data).situations);
      continue;
    }
    const u = UtteranceFile.parse(data);
    for (const [expected, texts] of Object.entries(u.expect))
      for (const text of texts) out.cases.push({ locale: u.locale, text, expected });
  }
  const leaks = trainingLeaks(flow, out.cases);
  if (leaks.length > 0)
    throw new Error(`held-out utterances also used for training (remove them from one side):\n${leaks.join('\n')}`);
  return out;
}

/** Held-out texts that equal (after normalisation) a training example or keyword of the same locale. */
export function trainingLeaks(flow: CompiledFlow, cases: readonly HeldOutCase[]): string[] {
  const trained = new Map<string, string>();
  for (const [id, def] of Object.entries(flow.intents)) {
    for (const [l, list] of Object.entries(def.examples))
      for (const t of list) trained.set(`${l}:${normaliseForMatch(t)}`, id);
    for (const [l, list] of Object.entries(def.keywords ?? {}))
      for (const t of list) trained.set(`${l}:${normaliseForMatch(t)}`, id);
  }
  return cases
    .filter((c) => trained.has(`${c.locale}:${normaliseForMatch(c.text)}`))
    .map((c) => `${c.locale}: "${c.text}" (trained for ${trained.get(`${c.locale}:${normaliseForMatch(c.text)}`)})`);
}

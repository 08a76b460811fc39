/**
 * The Braun et al. (2017) NLU corpora (shared/nlu-corpora, read only): one classifier per corpus
 * trained on the `training: true` sentences, every test sentence classified once (no intent = "None").
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { trainNlu, type NluOptions } from '../nlu.js';

export const BRAUN_CORPORA = ['ChatbotCorpus', 'AskUbuntuCorpus', 'WebApplicationsCorpus'] as const;

export interface BraunResult {
  microF1: number;
  test: number;
  perCorpus: Record<string, { f1: number; test: number; trainMs: number }>;
  /** Milliseconds per classify() call, one per test sentence. */
  latencies: number[];
}

/** Undefined when the corpora are not there (they live outside the repository). */
export async function runBraun(
  dir: string,
  threshold: number,
  options: NluOptions = {},
): Promise<BraunResult | undefined> {
  if (!existsSync(dir)) return undefined;
  const latencies: number[] = [];
  const perCorpus: BraunResult['perCorpus'] = {};
  let correct = 0;
  let total = 0;
  for (const name of BRAUN_CORPORA) {
    const corpus = readCorpus(dir, name);
    const train = corpus.sentences.filter((s) => s.training);
    const test = corpus.sentences.filter((s) => !s.training);
    const t0 = performance.now();
    const nlu = await trainNlu(
      { en: { examples: train.map((s) => ({ text: s.text, intent: s.intent })), keywords: [] } },
      { ...options, threshold },
    );
    const trainMs = performance.now() - t0;
    // One untimed call warms the JIT; every test sentence is still classified (and scored) once below.
    await nlu.classify('en', test[0]?.text ?? 'warm up');
    let ok = 0;
    for (const s of test) {
      const t = performance.now();
      const r = await nlu.classify('en', s.text);
      latencies.push(performance.now() - t);
      if (r.intent === s.intent) ok++;
    }
    perCorpus[name] = { f1: round3(ok / test.length), test: test.length, trainMs: Math.round(trainMs) };
    correct += ok;
    total += test.length;
  }
  return { microF1: round3(correct / total), test: total, perCorpus, latencies };
}

export interface BraunSentence {
  text: string;
  intent: string;
  training: boolean;
}

export function readCorpus(dir: string, name: string): { sentences: BraunSentence[] } {
  return JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as { sentences: BraunSentence[] };
}

/** The p-th percentile (0..1) of `values`, sorted in place. */
export function percentile(values: number[], p: number): number {
  values.sort((a, b) => a - b);
  return round3(values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0);
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

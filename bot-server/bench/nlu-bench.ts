/**
 * NLU benchmark on the Braun et al. (2017) corpora in ../shared/nlu-corpora: one model per corpus
 * trained on `training: true`, each test sentence classified once (no intent -> "None"), micro-F1
 * per corpus and overall, plus classify() latency percentiles. Prints one JSON line last.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainNlu } from '../src/bot/nlu.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.resolve(repoRoot, '..', 'shared', 'nlu-corpora');
const CORPORA = ['ChatbotCorpus', 'AskUbuntuCorpus', 'WebApplicationsCorpus'];

if (!existsSync(dir)) {
  console.log(JSON.stringify({ skipped: `no corpora at ${dir}` }));
  process.exit(0);
}

const latencies: number[] = [];
const perCorpus: Record<string, { f1: number; test: number; trainMs: number }> = {};
let correct = 0;
let total = 0;
for (const name of CORPORA) {
  const corpus = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as {
    sentences: Array<{ text: string; intent: string; training: boolean }>;
  };
  const train = corpus.sentences.filter((s) => s.training);
  const test = corpus.sentences.filter((s) => !s.training);
  const t0 = performance.now();
  const nlu = await trainNlu(
    { en: { examples: train.map((s) => ({ text: s.text, intent: s.intent })), keywords: [] } },
    { threshold: 0.5 },
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
  perCorpus[name] = { f1: round(ok / test.length), test: test.length, trainMs: Math.round(trainMs) };
  correct += ok;
  total += test.length;
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
console.log(
  JSON.stringify({
    microF1: round(correct / total),
    test: total,
    perCorpus,
    classifyMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
  }),
);

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

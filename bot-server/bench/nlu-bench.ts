/**
 * NLU benchmark on the Braun et al. (2017) corpora in ../shared/nlu-corpora at the default flow's
 * production threshold (nlu.threshold): micro-F1 per corpus and overall on the test split, the same
 * cross-validated on the training split (5-fold, 5 repeats: the figure designs are chosen by), plus
 * classify() latency percentiles and the default flow's training time. Prints one JSON line last.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, runBraun } from '../src/bot/eval/braun.js';
import { runBraunCv } from '../src/bot/eval/braun-cv.js';
import { BUNDLED_FLOWS_DIR, createBotEngine, loadFlow } from '../src/bot/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.resolve(repoRoot, '..', 'shared', 'nlu-corpora');

const flow = await loadFlow(BUNDLED_FLOWS_DIR, 'default');
const threshold = flow.settings.nlu?.threshold ?? 0.6;
const t0 = performance.now();
const engine = await createBotEngine(
  { FLOWS_DIR: undefined, FLOWS_RELOAD: false, COMPANY_NAME: 'Northwind Energy' },
  { info() {}, warn() {}, error() {} },
);
const flowTrainMs = Math.round(performance.now() - t0);
await engine.close();

const braun = await runBraun(dir, threshold);
if (!braun) {
  console.log(JSON.stringify({ skipped: `no corpora at ${dir}`, flowTrainMs }));
  process.exit(0);
}
const cv = await runBraunCv(dir, threshold);
console.log(
  JSON.stringify({
    microF1: braun.microF1,
    cv: { microF1: cv.microF1, perCorpus: cv.perCorpus },
    threshold,
    test: braun.test,
    perCorpus: braun.perCorpus,
    classifyMs: {
      p50: percentile(braun.latencies, 0.5),
      p99: percentile(braun.latencies, 0.99),
      max: percentile(braun.latencies, 1),
    },
    flowTrainMs,
  }),
);

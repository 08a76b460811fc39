/**
 * Reproduces the NLU design trials recorded in src/bot/eval/braun-cv.ts: each named design is scored
 * by repeated stratified k-fold cross-validation on the Braun training splits (the figure designs are
 * chosen by); `--test` also scores it once on the test splits. Threshold: the default flow's.
 * Usage: node --conditions=@parley/source --import tsx bot-server/bench/nlu-trials.ts
 *          [--folds 5] [--repeats 4] [--test] [--corpora DIR] [design ...]   (no design: all of them)
 * --corpora: where the corpora are when ../shared/nlu-corpora beside the checkout is not (a worktree).
 * The word-vector designs of braun-cv.ts run from branch nlu-embeddings-trials (they need its code).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { percentile, runBraun } from '../src/bot/eval/braun.js';
import { runBraunCv } from '../src/bot/eval/braun-cv.js';
import { BUNDLED_FLOWS_DIR, loadFlow } from '../src/bot/index.js';
import type { NluOptions } from '../src/bot/nlu.js';

/**
 * English function words only: NLP.js's own list also drops words that carry an intent ("from",
 * "to", "when", "make", "get", "how"), which cost the timetable corpus more than it gained elsewhere.
 */
const FUNCTION_WORDS = [
  ...['a', 'an', 'the', 'and', 'or', 'but', 'if', 'because', 'as', 'so', 'such', 'than', 'of'],
  ...['i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself'],
  ...['he', 'him', 'his', 'himself', 'she', 'her', 'it', 'its', 'itself'],
  ...['they', 'them', 'their', 'theirs', 'themselves'],
  ...['am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'doing', 'has', 'had', 'have'],
  ...['can', 'could', 'would', 'should', 'might', 'must', 'will', 'shall'],
  ...['this', 'that', 'these', 'those', 'each', 'any', 'some', 'all', 'both', 'few', 'more', 'most', 'many'],
  ...['much', 'other', 'another', 'same', 'own', 'also', 'very', 'too', 'only', 'then', 'there', 'here'],
  ...['said', 'just'],
];
const functionWords: NluOptions['neural'] = { nlu: { keepStopwords: false }, stopwords: { en: FUNCTION_WORDS } };

const DESIGNS: Record<string, NluOptions> = {
  default: {},
  'none-feature': { neural: { useNoneFeature: true } },
  'learning-rate-1': { neural: { network: { learningRate: 1 } } },
  'alpha-0.15': { neural: { network: { alpha: 0.15 } } },
  'nlpjs-stopwords': { neural: { nlu: { keepStopwords: false } } },
  'logistic-0.5': { ensemble: { weight: 0.5 } },
  'centroid-0.5': { ensemble: { weight: 0.5, model: 'centroid' } },
  'function-words': { neural: functionWords },
  'function-words+logistic-0.5': { neural: functionWords, ensemble: { weight: 0.5 } },
  'function-words+both-0.5': { neural: functionWords, ensemble: { weight: 0.5, model: 'both' } },
  'nlpjs-spellcheck': { neural: { nlu: { spellCheck: true } } },
  'function-words+both-0.5+nlpjs-spellcheck': {
    neural: { ...functionWords, nlu: { keepStopwords: false, spellCheck: true } },
    ensemble: { weight: 0.5, model: 'both' },
  },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    folds: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '4' },
    test: { type: 'boolean' },
    corpora: { type: 'string' },
  },
});
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = values.corpora ?? path.resolve(repoRoot, '..', 'shared', 'nlu-corpora');
const flow = await loadFlow(BUNDLED_FLOWS_DIR, 'default');
const threshold = flow.settings.nlu?.threshold ?? 0.6;
const names = positionals.length > 0 ? positionals : Object.keys(DESIGNS);
for (const name of names) {
  const options = DESIGNS[name];
  if (!options) throw new Error(`unknown design ${name}; known: ${Object.keys(DESIGNS).join(', ')}`);
  const cv = await runBraunCv(dir, threshold, options, Number(values.folds), Number(values.repeats));
  const test = values.test ? await runBraun(dir, threshold, options) : undefined;
  console.log(
    JSON.stringify({
      design: name,
      cv: cv.microF1,
      cvPerCorpus: cv.perCorpus,
      ...(test && {
        test: test.microF1,
        testPerCorpus: Object.fromEntries(Object.entries(test.perCorpus).map(([k, c]) => [k, c.f1])),
        classifyMs: { p50: percentile(test.latencies, 0.5), p99: percentile(test.latencies, 0.99) },
      }),
    }),
  );
}

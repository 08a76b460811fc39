/**
 * Intent classification: NLP.js (one neural classifier per locale, with the @nlpjs/lang-en and
 * @nlpjs/lang-fr stemmers and tokenisers) plus keyword phrases, after typo correction against the
 * flow's vocabulary. Keywords are checked first and win with score 1: they make short, high-stakes
 * inputs ("agent", "conseiller") deterministic. Also offers NLP.js's sentiment analysis and language
 * guesser. Trained models are cached by their inputs (nlu-cache.ts): an unchanged flow loads the model it trained before.
 */
// The packages ship no types; other workspaces that import this file need the ambient declarations too.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./nlpjs.d.ts" />
import corePkg from '@nlpjs/core';
import langEnPkg from '@nlpjs/lang-en';
import langFrPkg from '@nlpjs/lang-fr';
import languagePkg from '@nlpjs/language';
import nlpPkg from '@nlpjs/nlp';
import sentimentPkg from '@nlpjs/sentiment';
import type { NlpjsContainer } from '@nlpjs/core';
import type { Nlp } from '@nlpjs/nlp';
import { compileKeywords, matchKeyword, type KeywordEntry } from './keywords.js';
import { type ModelCache, modelKey, sharedModelCache } from './nlu-cache.js';
import { trainScorer, type Scorer, type ScorerOptions } from './nlu-centroid.js';
import { TfidfFeatures, type FeatureOptions } from './nlu-features.js';
import { blendScores } from './nlu-linear.js';
import { normaliseForMatch } from './text.js';
import { TypoCorrector } from './typos.js';

/** Training data for one locale. */
export interface LocaleTraining {
  /** Example utterances, each labelled with its intent. */
  examples: Array<{ text: string; intent: string }>;
  /** Whole-phrase keywords per intent (matched on word boundaries after normalisation). */
  keywords: Array<{ phrase: string; intent: string }>;
}

export interface NluResult {
  /** The intent name, or 'None' when nothing scored above the threshold. */
  intent: string;
  score: number;
}

export interface Nlu {
  readonly locales: readonly string[];
  /** False when the classifier was loaded from a model trained earlier on the same examples and settings. */
  readonly trained: boolean;
  classify(locale: string, text: string): Promise<NluResult>;
  /** Sentiment score of the text (negative below 0), NLP.js's per-language lexicons. */
  sentiment(locale: string, text: string): Promise<number>;
  /** The trained locale the text is written in, when the guesser is sure and it is not `current`. */
  guessOtherLocale(text: string, current: string): string | undefined;
}

export interface NluOptions {
  /** Scores below this are reported as 'None'. Default 0.6. */
  threshold?: number;
  /** Per-intent thresholds (replace `threshold` for that intent). */
  thresholds?: Readonly<Record<string, number>>;
  /**
   * Blend a TF-IDF model (logistic, nearest centroid or both) with the neural net. Off by default: the
   * blends scored better in cross-validation on the Braun training splits but not on their test splits
   * (see eval/braun-cv.ts).
   */
  ensemble?: EnsembleOptions;
  /** NLP.js's own classifier settings; NLP.js's defaults when absent (none of the trials beat them on test). */
  neural?: NeuralOptions;
  /** Where trained models are kept and looked up (default: memory plus node_modules/.cache); false always trains. */
  cache?: ModelCache | false;
}

export interface NeuralOptions {
  /** NLP.js's "none feature": words never seen in training push the score towards None. */
  useNoneFeature?: boolean;
  /** NeuralNetwork settings (iterations, learningRate, momentum, alpha, errorThresh). */
  network?: Record<string, number>;
  /** Nlu settings (keepStopwords, nonedeltaMultiplier, nonefeatureValue). */
  nlu?: Record<string, number | boolean>;
  /** Per locale: the words the net ignores when `nlu.keepStopwords` is false (replaces NLP.js's list). */
  stopwords?: Readonly<Record<string, readonly string[]>>;
}

export interface EnsembleOptions extends ScorerOptions {
  /** Share of the score taken from the TF-IDF model (the rest from the neural net). */
  weight: number;
  features?: FeatureOptions;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {}, log() {}, trace() {}, fatal() {} };
/** Fewer words than this are too short to tell the language apart ("ok", "merci"). */
const GUESS_MIN_WORDS = 3;
/** The runner-up language must score at most this for the guess to count. */
const GUESS_MAX_RUNNER_UP = 0.8;

type Document = readonly [locale: string, text: string, intent: string];
interface NlpSetup {
  container: NlpjsContainer;
  nlp: Nlp;
}

/** An untrained NLP.js pipeline for `locales`, its classifier configured by `neural`. */
async function createNlp(locales: string[], threshold: number, neural: NeuralOptions): Promise<NlpSetup> {
  const container = await corePkg.containerBootstrap();
  container.register('logger', silentLogger, true);
  container.use(langEnPkg.LangEn);
  container.use(langFrPkg.LangFr);
  for (const [locale, list] of Object.entries(neural.stopwords ?? {})) {
    const words = new Set(list);
    container.register(
      `stopwords-${locale}`,
      { removeStopwords: (t: string[]) => t.filter((w) => !words.has(w)) },
      true,
    );
  }
  // NLP.js's own route to its classifier's settings: the domain manager builds each locale's NeuralNlu
  // from this configuration (the same as NLP.js's default one when no `neural` option is given).
  for (const locale of locales)
    container.registerConfiguration(`domain-manager-${locale}`, {
      useStemDict: true,
      trainByDomain: false,
      nluByDomain: {
        default: { className: 'NeuralNlu', settings: { ...neural.nlu, ...neural.network } },
      },
    });
  const nlp = new nlpPkg.Nlp(
    {
      languages: locales,
      autoSave: false,
      autoLoad: false,
      calculateSentiment: false,
      threshold,
      // Keys of `nlu` other than these are read as locales by Nlp.initialize.
      nlu: { log: false, useNoneFeature: neural.useNoneFeature ?? false },
    },
    container,
  );
  return { container, nlp };
}

async function trainModel(create: () => Promise<NlpSetup>, documents: readonly Document[]): Promise<NlpSetup> {
  const setup = await create();
  for (const [locale, text, intent] of documents) setup.nlp.addDocument(locale, text, intent);
  await setup.nlp.train();
  return setup;
}

/**
 * The model cached under `key`, or one trained now and cached. Either way it is loaded into a fresh pipeline, so
 * a trained and a cached model serve through the same path (NLP.js's export also strips settings from the live
 * pipeline it exports). A cached model NLP.js cannot load is trained again and replaced.
 */
async function cachedModel(
  create: () => Promise<NlpSetup>,
  documents: readonly Document[],
  cache: ModelCache,
  key: string,
): Promise<NlpSetup & { trained: boolean }> {
  const cached = cache.get(key);
  if (cached !== undefined) {
    const setup = await create();
    try {
      setup.nlp.import(cached);
      return { ...setup, trained: false };
    } catch {
      // Damaged (a truncated file, another format): train below.
    }
  }
  const model = (await trainModel(create, documents)).nlp.export(true);
  cache.set(key, model);
  const setup = await create();
  setup.nlp.import(model);
  return { ...setup, trained: true };
}

/** Trains one classifier covering every locale in `training`. Resolves in well under a second for a typical flow. */
export async function trainNlu(
  training: Readonly<Record<string, LocaleTraining>>,
  options: NluOptions = {},
): Promise<Nlu> {
  const threshold = options.threshold ?? 0.6;
  const thresholds = options.thresholds ?? {};
  const locales = Object.keys(training);
  const documents = locales.flatMap((locale) =>
    (training[locale]?.examples ?? []).map((ex) => [locale, ex.text, ex.intent] as const),
  );
  const trainable = documents.length > 0;
  const neuralSettings = options.neural ?? {};
  const create = () => createNlp(locales, threshold, neuralSettings);
  const cache = options.cache ?? sharedModelCache;
  const { container, nlp, trained } = !trainable
    ? { ...(await create()), trained: false }
    : !cache
      ? { ...(await trainModel(create, documents)), trained: true }
      : await cachedModel(
          create,
          documents,
          cache,
          modelKey({ locales, threshold, documents, neuralSettings }, import.meta.url),
        );
  const keywordsByLocale = new Map<string, KeywordEntry[]>();
  const correctors = new Map<string, TypoCorrector>();
  const linears = new Map<string, Scorer>();
  const ensemble = options.ensemble;
  for (const locale of locales) {
    const t = training[locale];
    if (!t) continue;
    keywordsByLocale.set(locale, compileKeywords(t.keywords));
    if (ensemble && t.examples.length > 0) {
      const stemmer = container.get(`stemmer-${locale}`) as { tokenizeAndStem(text: string): string[] } | undefined;
      const stem = (text: string): string[] => stemmer?.tokenizeAndStem(text) ?? normaliseForMatch(text).split(' ');
      const features = new TfidfFeatures(
        t.examples.map((e) => e.text),
        stem,
        ensemble.features,
      );
      linears.set(locale, trainScorer(t.examples, features, ensemble));
    }
    correctors.set(locale, new TypoCorrector([...t.examples.map((e) => e.text), ...t.keywords.map((k) => k.phrase)]));
  }
  const classifyText = async (locale: string, text: string): Promise<NluResult> => {
    if (!trainable || text.trim() === '') return { intent: 'None', score: 0 };
    const neural = await nlp.process(locale, text);
    const linear = ensemble && linears.get(locale);
    const r = linear ? blendScores(neural.classifications ?? [], linear.scores(text), ensemble.weight) : neural;
    const bar = (r.intent ? thresholds[r.intent] : undefined) ?? threshold;
    if (!r.intent || r.intent === 'None' || r.score < bar) return { intent: 'None', score: r.score ?? 0 };
    return { intent: r.intent, score: r.score };
  };
  const analyzer = new sentimentPkg.SentimentAnalyzer({}, container);
  const guesser = new languagePkg.Language();

  return {
    locales,
    trained,
    async classify(locale, text) {
      const raw = normaliseForMatch(text);
      const keywords = keywordsByLocale.get(locale) ?? [];
      const exact = matchKeyword(keywords, raw);
      if (exact !== undefined) return { intent: exact, score: 1 };
      // Spell-corrected only when no keyword matched as typed; keywords are precise enough to try on it ("custmer servise").
      const corrected = correctors.get(locale)?.correct(text) ?? raw;
      const keyword = matchKeyword(keywords, corrected);
      if (keyword !== undefined) return { intent: keyword, score: 1 };
      const first = await classifyText(locale, text);
      if (first.intent !== 'None' || corrected === raw) return first;
      // Only what the classifier could not place is spell-corrected: a correct word is never "fixed".
      return classifyText(locale, corrected);
    },
    async sentiment(locale, text) {
      const r = await analyzer.process({ locale, text });
      return r.sentiment?.score ?? 0;
    },
    guessOtherLocale(text, current) {
      // One trained locale leaves nothing else to guess.
      if (locales.length < 2 || text.trim().split(/\s+/).length < GUESS_MIN_WORDS) return undefined;
      const [best, next] = guesser.guess(text, locales, 2);
      if (!best || best.alpha2 === current || best.score < 1 || (next?.score ?? 0) > GUESS_MAX_RUNNER_UP)
        return undefined;
      return best.alpha2;
    },
  };
}

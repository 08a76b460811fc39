/**
 * Intent classification: NLP.js (one neural classifier per locale) plus exact keyword phrases.
 * Keywords are checked first and win with score 1: they make short, high-stakes inputs ("agent",
 * "human", "conseiller") deterministic. Everything is in memory: no model file is read or written.
 */
// The packages ship no types; other workspaces that import this file need the ambient declarations too.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./nlpjs.d.ts" />
import corePkg from '@nlpjs/core';
import nlpPkg from '@nlpjs/nlp';
import langEnPkg from '@nlpjs/lang-en-min';
import { frenchLightStemmer } from './french-stemmer.js';
import { normaliseForMatch } from './text.js';

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
  classify(locale: string, text: string): Promise<NluResult>;
}

export interface NluOptions {
  /** Scores below this are reported as 'None'. Default 0.6. */
  threshold?: number;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {}, log() {}, trace() {}, fatal() {} };

/** Trains one classifier covering every locale in `training`. Resolves in tens of milliseconds for a typical flow. */
export async function trainNlu(
  training: Readonly<Record<string, LocaleTraining>>,
  options: NluOptions = {},
): Promise<Nlu> {
  const threshold = options.threshold ?? 0.6;
  const locales = Object.keys(training);
  const container = await corePkg.containerBootstrap();
  container.register('logger', silentLogger, true);
  container.use(langEnPkg.LangEn);
  container.register('stemmer-fr', frenchLightStemmer, true);
  const nlp = new nlpPkg.Nlp(
    { languages: locales, autoSave: false, autoLoad: false, calculateSentiment: false, threshold, nlu: { log: false } },
    container,
  );
  const keywordsByLocale = new Map<string, Array<{ words: string; intent: string }>>();
  let trainable = false;
  for (const locale of locales) {
    const t = training[locale];
    if (!t) continue;
    for (const ex of t.examples) {
      nlp.addDocument(locale, ex.text, ex.intent);
      trainable = true;
    }
    keywordsByLocale.set(
      locale,
      t.keywords
        .map((k) => ({ words: ` ${normaliseForMatch(k.phrase)} `, intent: k.intent }))
        .filter((k) => k.words.trim() !== ''),
    );
  }
  if (trainable) await nlp.train();

  return {
    locales,
    async classify(locale, text) {
      const norm = ` ${normaliseForMatch(text)} `;
      for (const k of keywordsByLocale.get(locale) ?? []) {
        if (norm.includes(k.words)) return { intent: k.intent, score: 1 };
      }
      if (!trainable || norm.trim() === '') return { intent: 'None', score: 0 };
      const r = await nlp.process(locale, text);
      if (!r.intent || r.intent === 'None' || r.score < threshold) return { intent: 'None', score: r.score ?? 0 };
      return { intent: r.intent, score: r.score };
    },
  };
}

/**
 * The nearest-centroid scorer over TfidfFeatures that the `ensemble` option can blend with NLP.js's
 * neural net, alone or averaged with the logistic model. It has nothing to fit, so with two or three
 * sentences per intent it cannot overfit them; in cross-validation on the Braun training splits it
 * helped most on the corpus with the fewest sentences (eval/braun-cv.ts records the figures).
 */
import type { TfidfFeatures, Vector } from './nlu-features.js';
import { LinearModel, type LinearOptions } from './nlu-linear.js';

/** Probability of each trained intent for a text. */
export interface Scorer {
  scores(text: string): Map<string, number>;
}

type Examples = ReadonlyArray<{ text: string; intent: string }>;

/** Cosine similarity to each intent's mean TF-IDF vector, made probabilities by a softmax. */
export class CentroidModel implements Scorer {
  private readonly centroids = new Map<string, Vector>();

  constructor(
    examples: Examples,
    private readonly features: TfidfFeatures,
    /** Softmax temperature: cosines differ by tenths, so a low one is needed to tell intents apart. */
    private readonly temperature = 0.05,
  ) {
    for (const e of examples) {
      const c = this.centroids.get(e.intent) ?? new Map<string, number>();
      for (const [f, v] of features.vector(e.text)) c.set(f, (c.get(f) ?? 0) + v);
      this.centroids.set(e.intent, c);
    }
    for (const c of this.centroids.values()) {
      const norm = Math.sqrt([...c.values()].reduce((a, v) => a + v * v, 0));
      if (norm > 0) for (const [f, v] of c) c.set(f, v / norm);
    }
  }

  scores(text: string): Map<string, number> {
    const x = this.features.vector(text);
    const z = [...this.centroids].map(([intent, c]) => {
      let s = 0;
      for (const [f, v] of x) s += v * (c.get(f) ?? 0);
      return [intent, s / this.temperature] as const;
    });
    const top = Math.max(...z.map(([, s]) => s));
    const e = z.map(([intent, s]) => [intent, Math.exp(s - top)] as const);
    const sum = e.reduce((a, [, v]) => a + v, 0);
    return new Map(e.map(([intent, v]) => [intent, v / sum]));
  }
}

export interface ScorerOptions {
  /** 'both' averages the logistic and centroid probabilities. Default 'logistic'. */
  model?: 'logistic' | 'centroid' | 'both';
  linear?: LinearOptions;
  temperature?: number;
}

export function trainScorer(examples: Examples, features: TfidfFeatures, options: ScorerOptions): Scorer {
  const logistic = (): Scorer => new LinearModel(examples, features, options.linear);
  const centroid = (): Scorer => new CentroidModel(examples, features, options.temperature);
  if (options.model === 'centroid') return centroid();
  if (options.model !== 'both') return logistic();
  const [a, b] = [logistic(), centroid()];
  return {
    scores(text) {
      const sb = b.scores(text);
      return new Map([...a.scores(text)].map(([intent, p]) => [intent, (p + (sb.get(intent) ?? 0)) / 2]));
    },
  };
}

/**
 * TF-IDF vectors of the stemmer's tokens plus character n-grams inside each word, for the linear
 * model that nlu.ts can blend with NLP.js's neural classifier: the n-grams overlap where whole stems
 * do not (inflections, compounds, small typos).
 */
import { normaliseForMatch } from './text.js';

export interface FeatureOptions {
  /** Character n-gram sizes (inclusive). */
  minGram?: number;
  maxGram?: number;
  /** Weight of the character n-grams relative to the stems. */
  gramWeight?: number;
}

export type Vector = Map<string, number>;

export class TfidfFeatures {
  private readonly idf = new Map<string, number>();
  private readonly minGram: number;
  private readonly maxGram: number;
  private readonly gramWeight: number;

  constructor(
    texts: readonly string[],
    private readonly stem: (text: string) => string[],
    options: FeatureOptions = {},
  ) {
    this.minGram = options.minGram ?? 3;
    this.maxGram = options.maxGram ?? 4;
    this.gramWeight = options.gramWeight ?? 0.5;
    const df = new Map<string, number>();
    for (const text of texts) for (const f of this.counts(text).keys()) df.set(f, (df.get(f) ?? 0) + 1);
    for (const [f, d] of df) this.idf.set(f, Math.log((1 + texts.length) / (1 + d)) + 1);
  }

  /** Unit-length TF-IDF (sub-linear term frequency); features never seen in training carry no weight. */
  vector(text: string): Vector {
    const vec: Vector = new Map();
    let norm = 0;
    for (const [f, c] of this.counts(text)) {
      const idf = this.idf.get(f);
      if (idf === undefined) continue;
      const w = (1 + Math.log(c)) * idf * (f.startsWith('c:') ? this.gramWeight : 1);
      vec.set(f, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [f, w] of vec) vec.set(f, w / norm);
    return vec;
  }

  private counts(text: string): Map<string, number> {
    const tf = new Map<string, number>();
    const add = (f: string): void => {
      tf.set(f, (tf.get(f) ?? 0) + 1);
    };
    for (const s of this.stem(text)) add(`w:${s}`);
    for (const word of normaliseForMatch(text).split(' ')) {
      const padded = ` ${word} `;
      for (let n = this.minGram; n <= this.maxGram; n++)
        for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
    return tf;
  }
}

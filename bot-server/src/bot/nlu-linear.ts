/**
 * A softmax (multinomial logistic) regression over TfidfFeatures, trained by plain SGD, that nlu.ts
 * can blend with NLP.js's neural classifier. Its probabilities sum to one like the net's, so the two
 * average without rescaling.
 */
import type { TfidfFeatures, Vector } from './nlu-features.js';

export interface LinearOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per step. */
  l2?: number;
}

export class LinearModel {
  private readonly intents: string[];
  private readonly weights: Array<Map<string, number>>;
  private readonly bias: number[];

  constructor(
    examples: ReadonlyArray<{ text: string; intent: string }>,
    private readonly features: TfidfFeatures,
    options: LinearOptions = {},
  ) {
    this.intents = [...new Set(examples.map((e) => e.intent))];
    this.weights = this.intents.map(() => new Map<string, number>());
    this.bias = this.intents.map(() => 0);
    const data = examples.map((e) => ({ x: features.vector(e.text), y: this.intents.indexOf(e.intent) }));
    const epochs = options.epochs ?? 30;
    const rate = options.learningRate ?? 0.5;
    const decay = 1 - (options.l2 ?? 0.0001);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const { x, y } of data) {
        const p = this.probabilities(x);
        for (let k = 0; k < this.intents.length; k++) {
          const g = rate * ((k === y ? 1 : 0) - (p[k] ?? 0));
          const w = this.weights[k];
          if (!w) continue;
          for (const [f, v] of x) w.set(f, (w.get(f) ?? 0) * decay + g * v);
          this.bias[k] = (this.bias[k] ?? 0) + g;
        }
      }
    }
  }

  /** Probability of each trained intent. */
  scores(text: string): Map<string, number> {
    const p = this.probabilities(this.features.vector(text));
    return new Map(this.intents.map((intent, k) => [intent, p[k] ?? 0]));
  }

  private probabilities(x: Vector): number[] {
    const z = this.weights.map((w, k) => {
      let s = this.bias[k] ?? 0;
      for (const [f, v] of x) s += v * (w.get(f) ?? 0);
      return s;
    });
    const top = Math.max(...z);
    const e = z.map((s) => Math.exp(s - top));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  }
}

/**
 * The intent with the best weighted mean of the net's and the model's scores. Its confidence is the
 * larger of the two scores for that intent: with the mean, a disagreement between two confident
 * classifiers fell below the threshold and became 'None' (more false 'None' in cross-validation).
 */
export function blendScores(
  neural: ReadonlyArray<{ intent: string; score: number }>,
  linear: ReadonlyMap<string, number>,
  weight: number,
): { intent: string; score: number } {
  let best = { intent: 'None', mean: 0, score: 0 };
  for (const c of neural) {
    const other = linear.get(c.intent) ?? 0;
    const mean = (1 - weight) * c.score + weight * other;
    if (mean > best.mean) best = { intent: c.intent, mean, score: Math.max(c.score, other) };
  }
  return { intent: best.intent, score: best.score };
}

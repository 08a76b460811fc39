/**
 * Typo correction against the flow's own vocabulary (every word of its examples and keywords), with
 * NLP.js's Levenshtein similarity: "speek to a persn" -> "speak to a person", "custmer servise" ->
 * "customer service". Only words the vocabulary does not know are touched, so a correct word is never
 * "corrected" into another.
 */
import similarityPkg from '@nlpjs/similarity';
import { normaliseForMatch } from './text.js';

/** Words shorter than this are left alone: too many short words are one edit apart. */
const MIN_LENGTH = 4;

export class TypoCorrector {
  private readonly known = new Set<string>();
  private readonly byLength = new Map<number, string[]>();

  constructor(texts: Iterable<string>) {
    for (const t of texts)
      for (const w of normaliseForMatch(t).split(' '))
        if (w !== '' && !this.known.has(w)) {
          this.known.add(w);
          const list = this.byLength.get(w.length) ?? [];
          list.push(w);
          this.byLength.set(w.length, list);
        }
  }

  /**
   * The normalised text with each unknown word replaced by its closest known word, or undefined when
   * a word stays unknown: a sentence with words of its own ("purple monkey dishwasher") is not a typo
   * of a known one, and half-correcting it ("monkey" -> "money") would invent a meaning.
   */
  correct(text: string): string | undefined {
    const words = normaliseForMatch(text).split(' ');
    const out = words.map((w) => this.word(w));
    return out.some((w) => w.length >= MIN_LENGTH && !this.known.has(w) && !/\d/.test(w)) ? undefined : out.join(' ');
  }

  private word(w: string): string {
    if (w.length < MIN_LENGTH || this.known.has(w) || /\d/.test(w)) return w;
    // One edit for short words, two for longer ones; a swap of two neighbours counts as one.
    const max = w.length >= 6 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    for (let len = w.length - max; len <= w.length + max; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        // Typos rarely hit the first letter; allowing it would turn "sing" into "ring".
        if (candidate[0] !== w[0]) continue;
        const d = isSwap(w, candidate) ? 1 : similarityPkg.similarity(w, candidate);
        if (d < bestDistance || (d === bestDistance && best !== undefined && candidate.length === w.length)) {
          best = candidate;
          bestDistance = d;
        }
      }
    }
    return best ?? w;
  }
}

/** True when `b` is `a` with two neighbouring letters swapped ("tlak" / "talk"). */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

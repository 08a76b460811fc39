/**
 * Keyword phrases: whole-word matches that select an intent outright ("agent", "conseiller"). A
 * keyword inside an information question ("how long does customer service take to answer emails",
 * "when does live chat open") is not a request for it: such a question goes to the classifier.
 */
import { normaliseForMatch } from './text.js';

const QUESTION_START =
  /^(how|hows|when|what|whats|why|where|which|who|whose|does|do|is|are|will|was|quand|comment|pourquoi|quel|quelle|quels|quelles|combien|ou|est ce que|le|la|les)\b/;
// Verbs of asking for contact: "how do I speak to customer service" is still a request for a person.
const REQUEST =
  /\b(speak|speaking|talk|talking|chat with|connect|put me|transfer|call me|ring me|phone me|contact|get hold|get me|give me|parler|joindre|contacter|passez|passer|mettez|rappel\w*|appelez)\b/;

export interface KeywordEntry {
  /** Normalised phrase padded with spaces, for whole-word matching. */
  words: string;
  intent: string;
}

export function compileKeywords(list: ReadonlyArray<{ phrase: string; intent: string }>): KeywordEntry[] {
  return list
    .map((k) => ({ words: ` ${normaliseForMatch(k.phrase)} `, intent: k.intent }))
    .filter((k) => k.words.trim() !== '');
}

/** The intent of the first keyword found in `normalised` text, unless the text is an information question. */
export function matchKeyword(entries: readonly KeywordEntry[], normalised: string): string | undefined {
  const padded = ` ${normalised} `;
  const hit = entries.find((k) => padded.includes(k.words));
  if (!hit) return undefined;
  if (QUESTION_START.test(normalised) && !REQUEST.test(normalised)) return undefined;
  return hit.intent;
}

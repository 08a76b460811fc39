/**
 * Measures a bot on a flow's held-out set, the way the customer meets it: each utterance is the
 * first thing typed in a fresh conversation, and what counts is the intent the bot acted on.
 */
import type { BotEngine } from '../../domain/ports.js';
import type { CompiledFlow } from '../flow-model.js';
import { runTranscript } from '../transcript-runner.js';
import { OUT_OF_SCOPE, type HeldOutSet } from './heldout.js';

export interface IntentFigures {
  precision: number;
  recall: number;
  support: number;
  /** Wrong answers for this intent's wordings: predicted intent -> count. */
  confusions: Record<string, number>;
}

/** The five rows of issue 9's table. */
export interface HeldOutRows {
  escalationRecall: number;
  falseEscalation: number;
  intentAccuracy: number;
  fallbackRate: number;
  situationsPassed: number;
  situations: number;
}

export interface HeldOutReport {
  rows: HeldOutRows;
  perIntent: Record<string, IntentFigures>;
  /** Every miss, for authors to read: locale, text, expected, got. */
  misses: Array<{ locale: string; text: string; expected: string; got: string }>;
  failedSituations: Array<{ name: string; failures: string[] }>;
}

/** The label a predicted intent counts as: out-of-scope intents and "None" are the graceful fallback. */
function labelOf(flow: CompiledFlow, intent: string | undefined): string {
  if (!intent || intent === 'None') return OUT_OF_SCOPE;
  return flow.intents[intent]?.tag === 'fallback' ? OUT_OF_SCOPE : intent;
}

export async function measureHeldOut(engine: BotEngine, flow: CompiledFlow, set: HeldOutSet): Promise<HeldOutReport> {
  const isEscalation = (label: string) => flow.intents[label]?.tag === 'escalation';
  const predicted: Array<{ expected: string; got: string }> = [];
  const misses: HeldOutReport['misses'] = [];
  for (const c of set.cases) {
    const turn = await engine.handle(
      { state: undefined, locale: c.locale, details: {} },
      { type: 'text', text: c.text },
    );
    const got = labelOf(flow, turn.intent?.name);
    predicted.push({ expected: c.expected, got });
    const ok = isEscalation(c.expected) ? isEscalation(got) : got === c.expected;
    if (!ok) misses.push({ locale: c.locale, text: c.text, expected: c.expected, got });
  }
  const perIntent: Record<string, IntentFigures> = {};
  for (const label of new Set(predicted.flatMap((p) => [p.expected, p.got])).values()) {
    const tp = predicted.filter((p) => p.expected === label && p.got === label).length;
    const asLabel = predicted.filter((p) => p.got === label).length;
    const support = predicted.filter((p) => p.expected === label).length;
    const confusions: Record<string, number> = {};
    for (const p of predicted)
      if (p.expected === label && p.got !== label) confusions[p.got] = (confusions[p.got] ?? 0) + 1;
    perIntent[label] = { precision: ratio(tp, asLabel), recall: ratio(tp, support), support, confusions };
  }
  const escal = predicted.filter((p) => isEscalation(p.expected));
  const ordinary = predicted.filter((p) => !isEscalation(p.expected) && p.expected !== OUT_OF_SCOPE);
  const outOfScope = predicted.filter((p) => p.expected === OUT_OF_SCOPE);
  const failedSituations: HeldOutReport['failedSituations'] = [];
  for (const s of set.situations) {
    const failures = await runTranscript(engine, s);
    if (failures.length > 0) failedSituations.push({ name: s.name, failures });
  }
  return {
    rows: {
      escalationRecall: ratio(escal.filter((p) => isEscalation(p.got)).length, escal.length),
      falseEscalation: ratio(ordinary.filter((p) => isEscalation(p.got)).length, ordinary.length),
      intentAccuracy: ratio(ordinary.filter((p) => p.got === p.expected).length, ordinary.length),
      fallbackRate: ratio(outOfScope.filter((p) => p.got === OUT_OF_SCOPE).length, outOfScope.length),
      situationsPassed: set.situations.length - failedSituations.length,
      situations: set.situations.length,
    },
    perIntent,
    misses,
    failedSituations,
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : Math.round((a / b) * 1000) / 1000;
}

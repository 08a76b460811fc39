/**
 * Correlates a customer's messages with the bot's replies. Every customer sends the same script, so the bot's
 * replies to step s are the same for all of them. With `expected` (the texts of each step's replies, measured on one
 * customer with nothing else running), replies are assigned to turns in arrival order by those counts (the outbox
 * keeps one conversation's order): fewer is lost, more is doubled, other words a mismatch. Without it, a reply belongs
 * to the customer's latest message sent before it arrived (each customer writes every few seconds, far longer than a
 * reply takes): a turn with no reply is lost, the same text twice in one turn doubled, and a turn whose reply count
 * differs from the same step of most customers a mismatch.
 */
import { summarize } from './stats.js';

interface CustomerLog {
  sends: number[];
  replies: Array<[at: number, text: string]>;
}

export interface TurnReport {
  customers: number;
  turns: number;
  replies: number;
  /** Turns that got no reply at all. */
  lost: number;
  /** Replies repeating a text already received in the same turn. */
  doubled: number;
  /** Turns whose replies differ from the expected ones (count or, with `expected`, words or order). */
  mismatched: number;
  /**
   * Of `mismatched`, the turns of customers whose webhooks Parley stored in the order they were sent (given the
   * customers whose webhooks it stored in another order): a mismatch there is Parley's; elsewhere a later message
   * overtook an earlier one on the way in (concurrent HTTP requests, no order promised), so its answer came first.
   */
  mismatchedSentInOrder?: number;
  /**
   * With `expected`: customers whose replies, taken together, are not the expected words (order aside). Concurrent
   * webhooks of one customer may reach Parley out of order when acknowledgements lag, which reorders the replies
   * without losing or doubling one; this counts only real differences.
   */
  customersWithOtherWords: number;
  /** Replies before the customer's first message (the web greeting on connect). */
  beforeFirstSend: number;
  /** A few mismatched turns as received against the expected replies (which customer, which step, the texts). */
  mismatchExamples: Array<{ customer: string; step: number; sentMs: number[]; repliesMs: Array<[number, string]> }>;
  /** The usual number of replies per step. */
  repliesPerStep: number[];
  /** Message due → first reply, and → last reply of its turn, over the measured turns. */
  firstReplyMs: ReturnType<typeof summarize>;
  lastReplyMs: ReturnType<typeof summarize>;
}

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** A customer's sends and replies in ms from their first send, each reply's text cut short. */
function example(customer: string, step: number, sends: readonly number[], received: CustomerLog['replies']) {
  const t0 = sends[0] ?? 0;
  const sentMs = sends.map((at) => Math.round(at - t0));
  const repliesMs = received.map(([at, text]): [number, string] => [Math.round(at - t0), text.slice(0, 24)]);
  return { customer, step, sentMs, repliesMs };
}

export class TurnLog {
  private readonly customers = new Map<string, CustomerLog>();

  private of(customer: string): CustomerLog {
    let log = this.customers.get(customer);
    if (!log) this.customers.set(customer, (log = { sends: [], replies: [] }));
    return log;
  }

  /** A customer's message, in the order each customer sends them. */
  sent(customer: string, dueAt: number): void {
    this.of(customer).sends.push(dueAt);
  }

  replied(customer: string, at: number, text: string): void {
    this.of(customer).replies.push([at, text]);
  }

  /** Latencies over the turns due at or after `measuredFrom` (the warm-up excluded); counts over all of them. */
  report(measuredFrom: number, expected?: readonly string[][], overtaken?: ReadonlySet<string>): TurnReport {
    const first: number[] = [];
    const last: number[] = [];
    const counts: number[][] = [];
    let turns = 0;
    let replies = 0;
    let lost = 0;
    let doubled = 0;
    let beforeFirstSend = 0;
    let mismatchedByText = 0;
    let mismatchedInOrder = 0;
    let customersWithOtherWords = 0;
    const mismatchExamples: TurnReport['mismatchExamples'] = [];
    for (const [customer, { sends, replies: received }] of this.customers) {
      const texts: string[][] = sends.map(() => []);
      const times: number[][] = sends.map(() => []);
      let turn = -1;
      let taken = 0;
      for (const [at, text] of received.sort((a, b) => a[0] - b[0])) {
        if (expected) {
          // The next turn that still expects replies; anything beyond the last turn stays with it (doubled).
          while (turn + 1 < sends.length && (turn < 0 || taken >= (expected[turn]?.length ?? 0))) {
            turn++;
            taken = 0;
          }
          taken++;
        } else while (turn + 1 < sends.length && (sends[turn + 1] as number) <= at) turn++;
        if (turn < 0) {
          beforeFirstSend++;
          continue;
        }
        replies++;
        texts[turn]?.push(text);
        times[turn]?.push(at);
      }
      sends.forEach((due, step) => {
        const t = times[step] ?? [];
        const words = texts[step] ?? [];
        turns++;
        (counts[step] ??= []).push(t.length);
        const want = expected?.[step];
        if (want) {
          lost += Math.max(0, want.length - words.length);
          doubled += Math.max(0, words.length - want.length);
          if (words.join('\n') !== want.join('\n')) {
            mismatchedByText++;
            if (overtaken && !overtaken.has(customer)) mismatchedInOrder++;
            if (mismatchExamples.length < 5) mismatchExamples.push(example(customer, step, sends, received));
          }
        } else doubled += words.length - new Set(words).size;
        if (t.length === 0) return void (want ? undefined : lost++);
        if (due < measuredFrom) return;
        first.push((t[0] as number) - due);
        last.push((t.at(-1) as number) - due);
      });
      if (expected) {
        const words = (all: readonly string[][]) => all.flat().sort().join('\n');
        if (words(texts) !== words(sends.map((_, step) => expected[step] ?? []))) customersWithOtherWords++;
      }
    }
    const repliesPerStep = expected ? expected.map((e) => e.length) : counts.map(mode);
    const mismatched = expected
      ? mismatchedByText
      : counts.reduce((n, c, step) => n + c.filter((v) => v !== repliesPerStep[step]).length, 0);
    return {
      customers: this.customers.size,
      turns,
      replies,
      lost,
      doubled,
      mismatched,
      ...(overtaken ? { mismatchedSentInOrder: mismatchedInOrder } : {}),
      customersWithOtherWords,
      beforeFirstSend,
      mismatchExamples,
      repliesPerStep,
      firstReplyMs: summarize(first),
      lastReplyMs: summarize(last),
    };
  }
}

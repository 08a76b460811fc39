/**
 * The two chat loads of the server benchmark, run the same way against Parley and the echo floor:
 * - open loop: a fixed message rate spread round-robin over the customers, latency from each message's due time;
 * - closed loop: every customer sends its next message as soon as the previous reply arrives (saturation).
 */
import type { BenchClient } from './bench-client.js';
import { nowMs, openLoop } from './open-loop.js';
import { round, summarize } from './stats.js';

export interface OpenLoadResult {
  rate: number;
  seconds: number;
  sent: number;
  /** Messages whose reply had not come when the run settled (counted over the whole run, warm-up included). */
  unanswered: number;
  errors: number;
  ackMs: ReturnType<typeof summarize>;
  replyMs: ReturnType<typeof summarize>;
  /** How late the load generator fired: far below replyMs, or the client was the limit. */
  schedulerLagMs: ReturnType<typeof summarize>;
}

/** Waits until no reply is missing, or `timeoutMs`: a server that fell behind for good is reported, not waited for. */
function settled(missing: () => number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => (missing() === 0 || Date.now() > deadline ? resolve() : setTimeout(check, 50));
    check();
  });
}

export async function openLoad(
  clients: readonly BenchClient[],
  shape: { rate: number; warmupSeconds: number; seconds: number; settleMs?: number },
): Promise<OpenLoadResult> {
  const replies: number[] = [];
  const acks: number[] = [];
  const due = new Map<string, number>();
  let measuredFrom = Number.POSITIVE_INFINITY;
  const warmup = Math.round(shape.rate * shape.warmupSeconds);
  for (const c of clients) {
    c.onReply = (at0, at) => {
      if (at0 >= measuredFrom) replies.push(at - at0);
    };
    c.onAck = (id, at) => {
      const at0 = due.get(id);
      due.delete(id);
      if (at0 !== undefined && at0 >= measuredFrom) acks.push(at - at0);
    };
  }
  const loop = await openLoop(shape.rate, shape.warmupSeconds + shape.seconds, (i, at) => {
    if (i === warmup) measuredFrom = at;
    const c = clients[i % clients.length] as BenchClient;
    due.set(c.send(at), at);
  });
  const missing = () => clients.reduce((n, c) => n + c.pending.length, 0);
  await settled(missing, shape.settleMs ?? 10_000);
  const unanswered = missing();
  for (const c of clients) c.pending.length = 0;
  return {
    rate: shape.rate,
    seconds: shape.seconds,
    sent: loop.fired,
    unanswered,
    errors: clients.reduce((n, c) => n + c.errors, 0),
    ackMs: summarize(acks),
    replyMs: summarize(replies),
    schedulerLagMs: loop.lagMs,
  };
}

export interface ClosedLoadResult {
  customers: number;
  seconds: number;
  repliesPerSecond: number;
  replyMs: ReturnType<typeof summarize>;
}

/** Each customer keeps exactly one message in flight; replies per second over `seconds` after a warm-up. */
export async function closedLoad(
  clients: readonly BenchClient[],
  shape: { warmupSeconds: number; seconds: number },
): Promise<ClosedLoadResult> {
  const start = nowMs();
  const from = start + shape.warmupSeconds * 1000;
  const end = from + shape.seconds * 1000;
  const latencies: number[] = [];
  let inWindow = 0;
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    for (const c of clients) {
      c.onAck = () => {};
      c.onReply = (sentAt, at) => {
        inFlight--;
        if (at >= from && at <= end) inWindow++;
        if (sentAt >= from && at <= end) latencies.push(at - sentAt);
        if (at < end) {
          inFlight++;
          c.send(nowMs());
        } else if (inFlight === 0) resolve();
      };
      inFlight++;
      c.send(nowMs());
    }
    // A server that stops answering must not hang the benchmark.
    setTimeout(resolve, (shape.warmupSeconds + shape.seconds) * 1000 + 30_000).unref();
  });
  for (const c of clients) c.pending.length = 0;
  return {
    customers: clients.length,
    seconds: shape.seconds,
    repliesPerSecond: round(inWindow / shape.seconds, 1),
    replyMs: summarize(latencies),
  };
}

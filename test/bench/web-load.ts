/**
 * The web channel under the same open-loop load as the webhooks: as many widget customers over real WebSockets, each
 * sending the same script at the same pace; the acknowledgement is the server's `message.ack` (after the durable
 * write, like the webhook's 200) and the reply is the bot's next message.
 */
import { randomUUID } from 'node:crypto';
import { WsCustomer } from '../support/ws-customer.js';
import { nowMs, openLoop, type OpenLoopResult } from './open-loop.js';
import { summarize } from './stats.js';
import { TurnLog, type TurnReport } from './turns.js';

export interface LoadShape {
  rate: number;
  seconds: number;
  warmupSeconds: number;
  customers: number;
  script: readonly string[];
}

export interface WebResult {
  sent: number;
  errors: number;
  ackMs: ReturnType<typeof summarize>;
  scheduler: OpenLoopResult['lagMs'];
  turns: TurnReport;
}

async function connectAll(n: number, url: string, origin: string): Promise<WsCustomer[]> {
  const out: WsCustomer[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from({ length: Math.min(100, n - i) }, () => new WsCustomer(url, origin));
    await Promise.all(batch.map((c) => c.connect()));
    out.push(...batch);
  }
  return out;
}

/**
 * Resolves once nothing is missing and no reply came for half a second (a turn's replies arrive together), or at the
 * deadline: what is still missing then is counted as lost.
 */
function settled(missing: () => number, lastReplyAt: () => number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      if ((missing() === 0 && nowMs() - lastReplyAt() > 500) || Date.now() > deadline) return resolve();
      setTimeout(check, 100);
    };
    check();
  });
}

export async function runWebLoad(wsUrl: string, origin: string, shape: LoadShape): Promise<WebResult> {
  const customers = await connectAll(shape.customers, wsUrl, origin);
  const turns = new TurnLog();
  const due = new Map<string, { at: number; measured: boolean }>();
  const acks: number[] = [];
  const unanswered = new Set<number>();
  let lastReplyAt = 0;
  let errors = 0;
  customers.forEach((c, n) => {
    const key = String(n);
    c.onFrame((f) => {
      if (f.type === 'message.ack') {
        const d = due.get(f.clientMsgId);
        if (d?.measured) acks.push(nowMs() - d.at);
        due.delete(f.clientMsgId);
      } else if (f.type === 'message' && f.message.author.role === 'bot') {
        const content = f.message.content as { type: string; text?: string };
        lastReplyAt = nowMs();
        turns.replied(key, lastReplyAt, content.text ?? content.type);
        unanswered.delete(n);
      } else if (f.type === 'error') errors++;
    });
  });
  const warmup = Math.round(shape.rate * shape.warmupSeconds);
  let measuredFrom = Number.POSITIVE_INFINITY;
  const loop = await openLoop(shape.rate, shape.warmupSeconds + shape.seconds, (i, at) => {
    const n = i % shape.customers;
    const step = Math.floor(i / shape.customers);
    if (i === warmup) measuredFrom = at;
    const clientMsgId = randomUUID();
    due.set(clientMsgId, { at, measured: i >= warmup });
    turns.sent(String(n), at);
    unanswered.add(n);
    customers[n]?.send({
      type: 'message.send',
      clientMsgId,
      content: { type: 'text', text: shape.script[step % shape.script.length] as string },
    });
  });
  await settled(
    () => due.size + unanswered.size,
    () => lastReplyAt,
    60_000,
  );
  await Promise.all(customers.map((c) => c.close()));
  return {
    sent: loop.fired,
    errors: errors + due.size,
    ackMs: summarize(acks),
    scheduler: loop.lagMs,
    turns: turns.report(measuredFrom),
  };
}

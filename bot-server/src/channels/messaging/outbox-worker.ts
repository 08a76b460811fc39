/**
 * Sends the outbox: per conversation the oldest pending body first, so a customer reads replies in the order they
 * were written; conversations in parallel. 429 (with its Retry-After), 5xx, timeouts and refused connections are
 * retried with exponential backoff and full jitter, for as long as it takes (an outage delays replies, never loses
 * them); any other 4xx fails the body for good and says so. A body is marked sent with the aggregator's message id
 * once the aggregator took it, so a restart resumes with the next one.
 */
import type { OutboxRecord, MessagingStore } from '../../domain/messaging-ports.js';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';
import type { OutboundBodies } from '../sunshine/bodies.js';
import type { SunshineClient } from '../sunshine/client.js';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from '../sunshine/retry.js';
import { SingleFlight } from './single-flight.js';

export interface OutboxWorkerDeps {
  store: MessagingStore;
  client: SunshineClient;
  clock: Clock;
  logger: ServiceLogger;
  policy?: RetryPolicy;
  random?: () => number;
  /** A body the aggregator refused for good (a 4xx other than 429). */
  onFailed(row: OutboxRecord, reason: string): Promise<void>;
}

const BATCH = 500;

export class OutboxWorker {
  private readonly flight = new SingleFlight(() => this.loop());
  private timer: TimerHandle | undefined;
  private closed = false;
  /** The last send's outcome, for /health: ok, failing (retrying) or unknown (nothing sent yet). */
  private last: 'ok' | 'failing' | 'unknown' = 'unknown';

  constructor(private readonly d: OutboxWorkerDeps) {}

  get aggregatorState(): 'ok' | 'failing' | 'unknown' {
    return this.last;
  }

  /** Something was enqueued (or came due): send what can go. */
  kick(): void {
    if (this.closed) return;
    this.flight.kick();
  }

  /** Resolves when no round is running (tests, shutdown). */
  idle(): Promise<void> {
    return this.flight.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    await this.idle();
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.d.store.listPendingOutbox(BATCH);
        const heads = new Map<string, OutboxRecord>();
        for (const r of rows) if (!heads.has(r.conversationId)) heads.set(r.conversationId, r);
        const now = this.d.clock.now();
        const due = [...heads.values()].filter((r) => r.nextAttemptAt <= now);
        if (due.length === 0) {
          const next = Math.min(...[...heads.values()].map((r) => r.nextAttemptAt));
          if (Number.isFinite(next)) this.wakeAt(next);
          return;
        }
        await Promise.all(due.map((r) => this.send(r)));
        if (this.closed) return;
      }
    } catch (err) {
      this.d.logger.error(
        { err: { message: err instanceof Error ? err.message : String(err) } },
        'outbox round failed',
      );
      this.wakeAt(this.d.clock.now() + 1000);
    }
  }

  private wakeAt(at: number): void {
    if (this.closed) return;
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.timer = this.d.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.kick();
      },
      Math.max(0, at - this.d.clock.now()),
    );
  }

  private async send(row: OutboxRecord): Promise<void> {
    const { store, client, clock, logger } = this.d;
    const result = await client.sendMessage(row.address, row.body as unknown as OutboundBodies);
    const now = clock.now();
    switch (result.kind) {
      case 'ok':
        this.last = 'ok';
        await store.markOutboxSent(row.id, result.value.messageIds.at(-1) ?? null, now);
        return;
      case 'retryable': {
        this.last = 'failing';
        const delay = retryDelay(row.attempts, result.retryAfterMs, this.d.policy ?? DEFAULT_RETRY, this.d.random);
        logger.warn(
          { conversationId: row.conversationId, attempts: row.attempts + 1, delay, reason: result.reason },
          'aggregator send will be retried',
        );
        await store.markOutboxRetry(row.id, row.attempts + 1, now + delay, result.reason);
        return;
      }
      case 'permanent':
        this.last = 'ok';
        logger.warn({ conversationId: row.conversationId, reason: result.reason }, 'aggregator refused a message');
        await store.markOutboxFailed(row.id, result.reason);
        await this.d.onFailed(row, result.reason);
        return;
    }
  }
}

import type { Clock, TimerHandle } from '../clock.js';
import type { Faults } from '../faults.js';
import { newId } from '../ids.js';
import type { WebhookAttempt } from '../model/events.js';
import type { RetryPolicy, SimLogger } from '../options.js';

/** Statuses Smooch treats as non-recoverable: never retried. */
export const NON_RECOVERABLE = new Set([400, 401, 403, 404, 406]);

export interface Delivery {
  trigger: string;
  customerId?: string | undefined;
  body: unknown;
  /** Called once the receiver answered 2xx (for the customer's "delivered" tick). */
  onDelivered?: (() => void) | undefined;
}

export interface SenderDeps {
  url: string;
  secret: string;
  retry: RetryPolicy;
  clock: Clock;
  faults: Faults;
  logger: SimLogger;
  record(attempt: WebhookAttempt): void;
}

/**
 * Posts webhooks to the business with `X-API-Key`, retrying as Smooch does: up to `retries` more attempts at
 * exponentially growing intervals when the target answers anything but 2xx or a non-recoverable status, or does
 * not answer within `timeoutMs`. Every wait runs on the injected clock.
 */
export class WebhookSender {
  private readonly timers = new Set<TimerHandle>();
  private readonly inFlight = new Set<AbortController>();
  /** Held while offline, sent in order when back online. */
  private held: Array<() => void> = [];
  private closed = false;

  constructor(private readonly deps: SenderDeps) {}

  send(delivery: Delivery): void {
    const copies = this.deps.faults.duplicateWebhooks ? 2 : 1;
    const deliveryId = newId();
    for (let i = 0; i < copies; i++) this.schedule(() => void this.attempt(delivery, deliveryId, 1), 0);
  }

  /** Back online: post what was held. */
  flush(): void {
    const held = this.held;
    this.held = [];
    for (const run of held) run();
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) this.deps.clock.clearTimeout(t);
    this.timers.clear();
    for (const c of this.inFlight) c.abort();
    this.held = [];
  }

  /** Delay before retry `n` (1-based). */
  delay(n: number): number {
    return this.deps.retry.baseDelayMs * 2 ** (n - 1);
  }

  private schedule(run: () => void, ms: number): void {
    if (this.closed) return;
    if (ms === 0) {
      run();
      return;
    }
    const handle = this.deps.clock.setTimeout(() => {
      this.timers.delete(handle);
      run();
    }, ms);
    this.timers.add(handle);
  }

  private async attempt(d: Delivery, deliveryId: string, n: number): Promise<void> {
    if (this.closed) return;
    if (this.deps.faults.offline) {
      this.held.push(() => void this.attempt(d, deliveryId, n));
      return;
    }
    const { status, error } = await this.post(d.body);
    if (this.closed) return;
    const ok = status !== undefined && status >= 200 && status < 300;
    const final = ok || (status !== undefined && NON_RECOVERABLE.has(status)) || n > this.deps.retry.retries;
    const outcome = ok ? 'delivered' : final ? 'gave_up' : 'retrying';
    this.deps.record({
      deliveryId,
      trigger: d.trigger,
      customerId: d.customerId,
      attempt: n,
      at: this.deps.clock.now(),
      status,
      error,
      outcome,
      body: d.body,
    });
    if (ok) d.onDelivered?.();
    if (outcome === 'gave_up')
      this.deps.logger.warn({ trigger: d.trigger, status, error, attempt: n }, 'webhook given up');
    if (outcome === 'retrying') this.schedule(() => void this.attempt(d, deliveryId, n + 1), this.delay(n));
  }

  private async post(body: unknown): Promise<{ status?: number; error?: string }> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = this.deps.clock.setTimeout(() => controller.abort(), this.deps.retry.timeoutMs);
    try {
      const res = await fetch(this.deps.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.deps.secret },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (err) {
      return { error: controller.signal.aborted ? 'timeout' : err instanceof Error ? err.message : String(err) };
    } finally {
      this.deps.clock.clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}

import type { Clock } from '../model/clock.js';
import type { ResolvedOptions, SimLogger } from '../options.js';

/** Body POSTed to a callback's `statusCallbackUrl` for every state change. */
export interface StatusReport {
  callbackId: string;
  idempotencyKey?: string;
  status: string;
  at: number;
  agentId?: string;
}

/**
 * Delivers status reports in order per URL+callback (a chain per callback), making up to `attempts` POSTs
 * with exponential backoff (on the simulator's clock). Closing aborts pending deliveries.
 */
export class StatusReporter {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();

  constructor(
    private readonly logger: SimLogger,
    private readonly clock: Clock,
    private readonly policy: ResolvedOptions['statusReports'],
  ) {}

  report(url: string, report: StatusReport): void {
    const prev = this.chains.get(report.callbackId) ?? Promise.resolve();
    const next = prev.then(() => this.deliver(url, report));
    this.chains.set(report.callbackId, next);
    void next.finally(() => {
      if (this.chains.get(report.callbackId) === next) this.chains.delete(report.callbackId);
    });
  }

  /** Resolves once every queued report was delivered or given up. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }

  close(): void {
    this.controller.abort();
  }

  private async deliver(url: string, report: StatusReport): Promise<void> {
    const { attempts, timeoutMs, backoffMs } = this.policy;
    for (let attempt = 1; attempt <= attempts && !this.controller.signal.aborted; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(report),
          signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(timeoutMs)]),
        });
        await res.arrayBuffer();
        if (res.ok) return;
        this.logger.warn({ callbackId: report.callbackId, status: res.status, attempt }, 'status report refused');
      } catch (err) {
        if (this.controller.signal.aborted) return;
        this.logger.warn({ callbackId: report.callbackId, attempt, err: String(err) }, 'status report failed');
      }
      if (attempt < attempts) await this.sleep(backoffMs * 2 ** (attempt - 1));
    }
  }

  /** Resolves after `ms`, or at once when the reporter is closed. */
  private sleep(ms: number): Promise<void> {
    const signal = this.controller.signal;
    return new Promise((resolve) => {
      const cancel = this.clock.schedule(ms, () => resolve());
      signal.addEventListener(
        'abort',
        () => {
          cancel();
          resolve();
        },
        { once: true },
      );
    });
  }
}

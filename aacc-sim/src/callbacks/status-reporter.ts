import type { SimLogger } from '../options.js';

/** Body POSTed to a callback's `statusCallbackUrl` for every state change. */
export interface StatusReport {
  callbackId: string;
  idempotencyKey?: string;
  status: string;
  at: number;
  agentId?: string;
}

const ATTEMPTS = 3;
const TIMEOUT_MS = 5000;

/**
 * Delivers status reports in order per URL+callback (a chain per callback), retrying a failed POST
 * 3 times with exponential backoff. Closing aborts pending deliveries.
 */
export class StatusReporter {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();

  constructor(
    private readonly logger: SimLogger,
    private readonly backoffMs = 200,
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
    for (let attempt = 1; attempt <= ATTEMPTS && !this.controller.signal.aborted; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(report),
          signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(TIMEOUT_MS)]),
        });
        await res.arrayBuffer();
        if (res.ok) return;
        this.logger.warn({ callbackId: report.callbackId, status: res.status, attempt }, 'status report refused');
      } catch (err) {
        if (this.controller.signal.aborted) return;
        this.logger.warn({ callbackId: report.callbackId, attempt, err: String(err) }, 'status report failed');
      }
      if (attempt < ATTEMPTS) await sleep(this.backoffMs * 2 ** (attempt - 1), this.controller.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

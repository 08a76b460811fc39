import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A stand-in for Parley's webhook endpoint: records every POST and answers with `status` (changeable).
 * `next(n)` resolves once n posts have arrived in total.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  status = 200;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(this.status, { 'content-type': 'application/json' }).end('{}');
      this.waiters = this.waiters.filter((w) => {
        if (this.received.length < w.count) return true;
        w.resolve();
        return false;
      });
    });
  });

  static async start(): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/async/messaging/v1/webhook`;
  }

  /** Resolves when `count` posts have arrived in total; rejects after `timeoutMs`. */
  until(count: number, timeoutMs = 5000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} webhooks, got ${this.received.length}`)),
        timeoutMs,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  triggers(): string[] {
    return this.received.map((r) => {
      const events = r.body['events'] as Array<{ type: string }> | undefined;
      return events ? String(events[0]?.type) : String(r.body['trigger']);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

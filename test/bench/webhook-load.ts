/**
 * Smooch v1.1 `message:appUser` webhooks from distinct WhatsApp customers, and a keep-alive HTTP client that posts
 * them with the webhook's X-API-Key and times the acknowledgement.
 */
import { Agent, request } from 'node:http';
import { nowMs } from './open-loop.js';

export const BENCH_APP_ID = 'benchapp0000000000000001';

/** The app user id of customer `n` (what the aggregator's REST path and Parley's customer key carry). */
export const customerId = (n: number): string => `bench${n.toString(16).padStart(12, '0')}`;

/** A text message from customer `n`, stamped by the channel now (inside the 24-hour window). */
export function whatsappMessage(n: number, messageId: string, text: string, at: number): string {
  const phone = `4474${String(n).padStart(8, '0')}`;
  return JSON.stringify({
    trigger: 'message:appUser',
    app: { _id: BENCH_APP_ID },
    appUser: { _id: customerId(n), conversationStarted: true },
    version: 'v1.1',
    messages: [
      {
        _id: messageId,
        role: 'appUser',
        authorId: customerId(n),
        received: at / 1000,
        source: { type: 'whatsapp', integrationId: 'benchintegration0000001', originalMessageTimestamp: at / 1000 },
        type: 'text',
        text,
        // One name for every customer, so each gets the same words back and their replies compare.
        name: 'Ada Lovelace',
      },
    ],
    client: {
      _id: `client-${customerId(n)}`,
      platform: 'whatsapp',
      integrationId: 'benchintegration0000001',
      displayName: `+${phone}`,
      externalId: phone,
      raw: { from: phone, profile: { name: 'Ada Lovelace' } },
      active: true,
      primary: true,
    },
  });
}

export interface Ack {
  status: number;
  /** Response completed (epoch ms); 0 when the request failed. */
  at: number;
  /** Events the server stored and duplicates it recognised, from Parley's answer. */
  stored: number;
  duplicates: number;
}

export class WebhookPoster {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly url: URL;

  constructor(
    url: string,
    private readonly apiKey: string,
  ) {
    this.url = new URL(url);
  }

  post(body: string): Promise<Ack> {
    return new Promise((resolve) => {
      const failed = () => resolve({ status: 0, at: 0, stored: 0, duplicates: 0 });
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-api-key': this.apiKey,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('error', failed);
          res.on('end', () => {
            const at = nowMs();
            let parsed: { stored?: number; duplicates?: number } = {};
            try {
              parsed = JSON.parse(text) as typeof parsed;
            } catch {
              // a non-JSON answer counts as an error through its status below
            }
            resolve({
              status: res.statusCode ?? 0,
              at,
              stored: parsed.stored ?? 0,
              duplicates: parsed.duplicates ?? 0,
            });
          });
        },
      );
      req.on('error', failed);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

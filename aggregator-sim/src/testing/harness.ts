import { startAggregatorSimulator, type AggregatorSimulator } from '../simulator.js';
import type { AggregatorSimOptions } from '../options.js';
import { WebhookReceiver } from './webhook-receiver.js';

export const KEY_ID = 'app_test';
export const SECRET = 'test-secret-0123456789';
export const WEBHOOK_SECRET = 'hook-secret-0123456789';

/** A REST answer; `body` is loosely typed because tests probe error and success shapes alike. */
export interface ApiAnswer {
  status: number;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON probed by tests
  headers: Headers;
}

export interface Harness {
  sim: AggregatorSimulator;
  hooks: WebhookReceiver;
  /** fetch against the API with Basic auth; `path` is relative to the app (e.g. `appusers/ID/messages`). */
  api(method: string, path: string, body?: unknown, version?: 'v1.1' | 'v2'): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export const basic = (id = KEY_ID, secret = SECRET) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A simulator on a free port posting to a local receiver, with known credentials. */
export async function harness(options: AggregatorSimOptions = {}): Promise<Harness> {
  const hooks = await WebhookReceiver.start();
  const sim = await startAggregatorSimulator({
    port: 0,
    keyId: KEY_ID,
    secret: SECRET,
    webhookSecret: WEBHOOK_SECRET,
    webhookUrl: hooks.url,
    ...options,
  });
  return {
    sim,
    hooks,
    async api(method, path, body, version = 'v1.1') {
      const res = await fetch(`${sim.httpUrl}/${version}/apps/${sim.appId}/${path}`, {
        method,
        headers: { authorization: basic(), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as ApiAnswer['body']) : {}, headers: res.headers };
    },
    async close() {
      await sim.close();
      await hooks.close();
    },
  };
}

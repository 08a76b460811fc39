import { startAggregatorSimulator, type AggregatorSimulator } from '../simulator.js';
import type { AggregatorSimOptions } from '../options.js';
import { WebhookReceiver } from './webhook-receiver.js';

export const KEY_ID = 'app_test';
export const SECRET = 'test-secret-0123456789';
export const WEBHOOK_SECRET = 'hook-secret-0123456789';

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** The value at a path in parsed JSON (undefined when any step is missing): `at(body, 'errors', 0, 'code')`. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
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
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
    },
    async close() {
      await sim.close();
      await hooks.close();
    },
  };
}

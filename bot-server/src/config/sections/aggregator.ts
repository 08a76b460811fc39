/** Messaging channels (WhatsApp, Messenger, X) through a Sunshine Conversations (Smooch) compatible aggregator. */
import * as z from 'zod';
import { int, list, section, str } from '../env.js';

export const aggregatorSection = section('aggregator', {
  /**
   * The aggregator's API base, as Oceana's "Aggregator URL": `https://api.smooch.io/v1.1/apps/` (v1.1) or
   * `.../v2/apps/` (v2). Unset: `npm start` runs the aggregator simulator and points Parley at it.
   */
  AGGREGATOR_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/.+\/$/, 'must be an http(s) URL ending in / like https://api.smooch.io/v1.1/apps/')
    .optional(),
  /** The aggregator's App (Tenant) Id. */
  AGGREGATOR_APP_ID: str(),
  /** The API key id (HTTP Basic user). */
  AGGREGATOR_KEY_ID: str(),
  /** The API key secret (HTTP Basic password). Never logged. */
  AGGREGATOR_SECRET: str(),
  /** Webhook secrets accepted in X-API-Key, comma separated so a secret can rotate without downtime. Never logged. */
  AGGREGATOR_WEBHOOK_SECRET: list([]),
  /** Port of the aggregator simulator started when AGGREGATOR_URL is unset (0 = any free port). */
  AGGREGATOR_SIM_PORT: int(8082, 0, 65535),
  /** Largest webhook body accepted, in bytes; larger bodies are refused with 413. */
  AGGREGATOR_WEBHOOK_MAX_BYTES: int(512 * 1024, 1024, 16 * 1024 * 1024),
});

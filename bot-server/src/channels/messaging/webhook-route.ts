/**
 * The aggregator's side of HTTP: `POST /webhook` (Smooch v1.1 and Sunshine v2 payloads) and `GET /health-check`, as
 * Oceana's connector answers them under /async/messaging/v1. A webhook is authenticated first (X-API-Key against
 * each configured secret, in constant time: 401 and nothing read otherwise), must be JSON (415) within the size cap
 * (413) and well formed (400); its events are then stored in the inbox, duplicates ignored, and only then answered
 * 200. Unknown triggers are answered 200 and logged, so the aggregator does not retry them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { InboxRecord, MessagingStore } from '../../domain/messaging-ports.js';
import type { Clock } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';
import { ParleyError } from '../../errors.js';
import { normaliseWebhook } from '../sunshine/normalise.js';

export const MESSAGING_BASE_PATH = '/async/messaging/v1';

export interface WebhookRouteDeps {
  secrets: readonly string[];
  maxBytes: number;
  store: MessagingStore;
  clock: Clock;
  logger: ServiceLogger;
  /** Events were stored (in this order): process them. */
  stored(records: InboxRecord[]): void;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Every secret is compared, whatever matched first, so timing tells nothing about which or how close. */
export function apiKeyMatches(presented: string | undefined, secrets: readonly string[]): boolean {
  return keyMatcher(secrets)(presented);
}

/** `apiKeyMatches` with the secrets' digests computed once. */
function keyMatcher(secrets: readonly string[]): (presented: string | undefined) => boolean {
  const digests = secrets.map(digest);
  return (presented) => {
    const p = digest(presented ?? '');
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(p, d) || ok;
    return ok && presented !== undefined && presented !== '';
  };
}

export function webhookRouter(deps: WebhookRouteDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: deps.maxBytes, type: () => true, strict: true });
  const matches = keyMatcher(deps.secrets);

  router.get('/health-check', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store').json({ alive: true });
  });

  router.post(
    '/webhook',
    (req, _res, next) => {
      const key = req.headers['x-api-key'];
      if (!matches(typeof key === 'string' ? key : undefined)) return next(new ParleyError('PARLEY_ERR_WEBHOOK_AUTH'));
      if (!req.is('application/json')) return next(new ParleyError('PARLEY_ERR_UNSUPPORTED_MEDIA_TYPE'));
      next();
    },
    json,
    async (req: Request, res: Response) => {
      const now = deps.clock.now();
      const result = normaliseWebhook(req.body as unknown, now);
      if (!result.ok) throw new ParleyError('PARLEY_ERR_BAD_FRAME', `The webhook is not valid: ${result.problem}`);
      for (const i of result.ignored)
        deps.logger.info({ trigger: i.trigger, reason: i.reason, detail: i.detail }, 'webhook element ignored');
      const stored = await deps.store.insertInbox(result.events.map((event) => ({ event, now })));
      if (stored.length > 0) {
        const fresh = new Set(stored);
        deps.stored(
          result.events
            .filter((e) => fresh.has(e.eventId))
            .map((event) => ({
              eventId: event.eventId,
              customerKey: event.customerKey,
              event,
              state: 'received',
              receivedAt: now,
            })),
        );
      }
      // Written directly: express's res.json (content negotiation, charset, freshness) costs more than the answer.
      const answer = JSON.stringify({
        ok: true,
        stored: stored.length,
        duplicates: result.events.length - stored.length,
      });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length });
      res.end(answer);
    },
  );
  return router;
}

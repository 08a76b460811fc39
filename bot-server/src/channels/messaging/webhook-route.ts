/**
 * The aggregator's side of HTTP: `POST /webhook` (Smooch v1.1 and Sunshine v2 payloads) and `GET /health-check`, as
 * Oceana's connector answers them under /async/messaging/v1. A webhook is authenticated first (X-API-Key against
 * each configured secret, in constant time: 401 and nothing read otherwise), must be JSON (415) within the size cap
 * (413) and well formed (400); its events are then stored in the inbox, duplicates ignored, and only then answered
 * 200. Unknown triggers are answered 200 and logged, so the aggregator does not retry them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** Stores a well-formed webhook's events in the inbox and hands the new ones over; the answer's JSON. */
function acceptor(deps: WebhookRouteDeps): (body: unknown) => Promise<string> {
  return async (body) => {
    const now = deps.clock.now();
    const result = normaliseWebhook(body, now);
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
    return JSON.stringify({ ok: true, stored: stored.length, duplicates: result.events.length - stored.length });
  };
}

/** Written directly: express's res.json (content negotiation, charset, freshness) costs more than the answer. */
function answer(res: ServerResponse, json: string): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

export function webhookRouter(deps: WebhookRouteDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: deps.maxBytes, type: () => true, strict: true });
  const matches = keyMatcher(deps.secrets);
  const accept = acceptor(deps);

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
    async (req: Request, res: Response) => answer(res, await accept(req.body as unknown)),
  );
  return router;
}

/** What the HTTP side does around the fast path: its headers on every answer, and its one error path. */
export interface FastPathHttp {
  headers(res: ServerResponse): void;
  fail(res: ServerResponse, err: unknown): void;
}

/** Plain JSON, UTF-8 at most: what the aggregator sends. Anything else takes express's path, which decides. */
const PLAIN_JSON = /^application\/json\s*(;\s*charset=("?)utf-8\2\s*)?$/i;

/**
 * The webhook before express: at 500 webhooks a second, express's routing, body parser and request decoration cost
 * about a tenth of the server's CPU. Only a request express would take and parse exactly so is handled here (POST
 * to the exact path, an accepted key, plain UTF-8 JSON, identity encoding, a length within the cap), the same way;
 * for anything else (a wrong key, another type, chunked, compressed, too large) this answers false before reading a
 * byte and express handles the request, with its own answers.
 */
export function webhookFastPath(
  deps: WebhookRouteDeps,
  http: FastPathHttp,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const path = `${MESSAGING_BASE_PATH}/webhook`;
  const matches = keyMatcher(deps.secrets);
  const accept = acceptor(deps);
  return (req, res) => {
    if (req.url !== path || req.method !== 'POST') return false;
    const h = req.headers;
    const key = h['x-api-key'];
    const length = Number(h['content-length']);
    if (
      !matches(typeof key === 'string' ? key : undefined) ||
      !PLAIN_JSON.test(h['content-type'] ?? '') ||
      (h['content-encoding'] !== undefined && h['content-encoding'].toLowerCase() !== 'identity') ||
      h['transfer-encoding'] !== undefined ||
      !/^[1-9][0-9]*$/.test(h['content-length'] ?? '') ||
      length > deps.maxBytes
    )
      return false;
    http.headers(res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The client went away mid-body: nobody to answer.
    req.on('error', () => res.destroy());
    req.on('end', () => {
      void (async () => {
        // As body-parser reads it: a byte order mark dropped, strict (an object or an array), malformed is a 400.
        const text = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/^\uFEFF/, '');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new ParleyError('PARLEY_ERR_BAD_FRAME');
        }
        if (typeof body !== 'object' || body === null) throw new ParleyError('PARLEY_ERR_BAD_FRAME');
        answer(res, await accept(body));
      })().catch((err: unknown) => http.fail(res, err));
    });
    return true;
  };
}

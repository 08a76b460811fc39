/**
 * The HTTP side: health, the transcript API, the widget script, the demo site, and the one error
 * path. Routes are thin; they call the same ConversationService as the WebSocket gateway.
 */
import type { ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ERRORS } from '@parley/protocol';
import type { ServerConfig } from '../config/index.js';
import type { ConversationService } from '../domain/conversation-service.js';
import type { ContactCenter, Store } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { widgetAssets } from './widget-assets.js';
import { apiCors } from './api-cors.js';
import { clientAddressOf, parseTrustedProxies } from './client-address.js';
import type { OriginPolicy } from './origin.js';

export interface HttpDeps {
  config: Pick<ServerConfig, 'SERVE_DEMO' | 'TRUSTED_PROXIES'>;
  service: ConversationService;
  store: Store;
  contactCenter: ContactCenter;
  logger: Logger;
  /** widget/dist */
  widgetDir: string;
  /** demo-site/public */
  demoDir: string;
  /** Extra routers mounted before the widget and demo (e.g. /voice provider callbacks). */
  routes?: ReadonlyArray<{ path: string; router: express.Router }>;
  /** The messaging channels' aggregator state and inbox/outbox depths, when they are configured. */
  messagingHealth?: () => Promise<Record<string, unknown>>;
  /** Scheme of this server's WebSocket, for the demo page's CSP connect-src. */
  wsScheme: 'ws' | 'wss';
  /** The chat's Origin allowlist: the customer API (/api) answers cross-origin requests from the same origins. */
  origins?: OriginPolicy;
  /** Where the rich responses' pictures come from (this server's public origin): the demo page's img-src allows it. */
  mediaBase?: () => string;
}

const BEARER = /^Bearer ([A-Za-z0-9_.-]{16,256})$/;

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const trusted = parseTrustedProxies(deps.config.TRUSTED_PROXIES);
  app.use((req, res, next) => {
    // req.ip everywhere (uploads' audit, limits) is the address the WebSocket gateway counts, by the same rule.
    Object.defineProperty(req, 'ip', {
      value: clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted),
    });
    baseHeaders(res);
    next();
  });

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** 503 when the store is down (this instance cannot serve); a down contact center only degrades (the bot still serves). */
  app.get('/health', async (_req, res) => {
    let store: { ok: boolean; detail?: string };
    try {
      await deps.store.ping();
      store = { ok: true };
    } catch (err) {
      store = { ok: false, detail: err instanceof Error ? err.message : 'store ping failed' };
    }
    const contactCenter = { name: deps.contactCenter.name, ...deps.contactCenter.health() };
    let messaging: Record<string, unknown> | undefined;
    try {
      messaging = store.ok ? await deps.messagingHealth?.() : undefined;
    } catch (err) {
      messaging = { error: err instanceof Error ? err.message : 'messaging health failed' };
    }
    const messagingOk = !messaging || (messaging['aggregator'] as { state?: string } | undefined)?.state !== 'failing';
    const status = !store.ok ? 'down' : contactCenter.ok && messagingOk ? 'ok' : 'degraded';
    res
      .status(store.ok ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json({ status, store, contactCenter, ...(messaging ? { messaging } : {}) });
  });

  if (deps.origins) app.use('/api', apiCors(deps.origins));

  app.get('/api/conversations/:id/transcript', async (req: Request<{ id: string }>, res) => {
    const m = BEARER.exec(req.headers.authorization ?? '');
    if (!m?.[1]) throw new ParleyError('PARLEY_ERR_BAD_TOKEN', 'A Bearer conversation token is required.');
    const transcript = await deps.service.transcript(m[1], req.params.id);
    res.setHeader('Cache-Control', 'no-store');
    res.json(transcript);
  });

  for (const r of deps.routes ?? []) app.use(r.path, r.router);
  app.use('/widget', widgetAssets(deps.widgetDir));

  if (deps.config.SERVE_DEMO) {
    app.use(
      (req, res, next) => {
        const host = req.headers.host ?? '';
        res.setHeader(
          'Content-Security-Policy',
          demoCsp(
            /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? [`${deps.wsScheme}://${host}`] : [],
            originOf(deps.mediaBase?.()),
          ),
        );
        res.setHeader('X-Frame-Options', 'DENY');
        next();
      },
      express.static(deps.demoDir, { index: 'index.html', extensions: ['html'], maxAge: '5m' }),
    );
  }

  app.use((_req, _res, next) => next(new ParleyError('PARLEY_ERR_NOT_FOUND')));
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * The strict policy our own pages ship: no inline script or style, nothing third-party. Pictures come from this
 * origin, or from Parley's public origin when it differs (the rich responses' pictures at /media).
 */
export function demoCsp(connectSources: string[], mediaOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${mediaOrigin ? ` ${mediaOrigin}` : ''}`,
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The origin of `base`, when it is an http(s) URL (nothing else goes into a policy). */
function originOf(base: string | undefined): string | undefined {
  if (!base) return undefined;
  try {
    const url = new URL(base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The headers of every answer. */
export function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
}

/** The error path's answer for a request answered outside express (the messaging webhook's fast path). */
export function writeError(res: ServerResponse, err: unknown, logger: Logger): void {
  const e = asParleyError(err, logger);
  if (res.headersSent) return void res.end();
  const body = JSON.stringify({ error: { code: e.code, message: e.message } });
  res.writeHead(e.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The one error path: ParleyError -> its catalogue status; body errors from express -> 400/413; anything else -> 500. */
export function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const e = asParleyError(err, logger);
    if (res.headersSent) return void res.end();
    if (e.code === 'PARLEY_ERR_BAD_TOKEN') res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(e.status).json({ error: { code: e.code, message: e.message } });
  };
}

/** What a request's failure is in the catalogue's terms; unexpected failures are logged (message only). */
export function asParleyError(err: unknown, logger: Logger): ParleyError {
  if (err instanceof ParleyError) return err;
  if (isHttpError(err) && err.status === 413) return new ParleyError('PARLEY_ERR_PAYLOAD_TOO_LARGE');
  if (isHttpError(err) && err.status >= 400 && err.status < 500)
    return new ParleyError('PARLEY_ERR_BAD_FRAME', ERRORS.PARLEY_ERR_BAD_FRAME.message);
  logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'http request failed');
  return new ParleyError('PARLEY_ERR_INTERNAL');
}

function isHttpError(err: unknown): err is { status: number } {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

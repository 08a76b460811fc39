import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Faults } from '../faults.js';
import type { ApiVersion, SimLogger } from '../options.js';
import { authorized } from './auth.js';
import { ApiError, errorBody, forbidden, unauthorized } from './errors.js';

export interface GuardDeps {
  appId: string;
  keyId: string;
  secret: string;
  faults: Faults;
  clock: Clock;
  logger: SimLogger;
}

/** 429's code and text as the API's rate limiter answers; 5xx as an outage. */
function injected(status: number): ApiError {
  if (status === 429) return new ApiError(429, 'too_many_requests', 'Rate limit exceeded');
  if (status === 503) return new ApiError(503, 'service_unavailable', 'Service unavailable');
  return new ApiError(status, 'internal_error', 'Internal server error');
}

/**
 * Everything in front of a version's routes, in the order a real edge applies it: the offline and slow switches,
 * an injected failure, authentication, the app id, then the JSON body (100 kB, the API's limit).
 */
export function guarded(version: ApiVersion, deps: GuardDeps, routes: Router): Router {
  const router = express.Router();
  router.use((req, _res, next) => {
    // Offline: the connection is dropped with no answer, as an unreachable host looks to a client.
    if (deps.faults.offline) req.socket.destroy();
    else if (deps.faults.slowMs > 0) deps.clock.setTimeout(() => next(), deps.faults.slowMs);
    else next();
  });
  router.use((_req, res, next) => {
    const fail = deps.faults.fail;
    if (!fail || fail.remaining <= 0) return next();
    fail.remaining -= 1;
    if (fail.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fail.retryAfterSeconds));
    next(injected(fail.status));
  });
  router.use((req, _res, next) => {
    next(authorized(req.get('authorization'), deps.keyId, deps.secret) ? undefined : unauthorized());
  });
  router.use('/apps/:appId', (req, _res, next) => {
    next(req.params['appId'] === deps.appId ? undefined : forbidden());
  });
  router.use(express.json({ limit: '100kb' }));
  router.use(routes);
  router.use((_req: Request, _res: Response, next: NextFunction) => {
    next(new ApiError(404, 'not_found', 'Resource not found'));
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500 && !(err instanceof ApiError)) deps.logger.error({ err }, 'aggregator api error');
    res.status(apiError.status).json(errorBody(version, apiError));
  });
  return router;
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
  if (status === 413) return new ApiError(413, 'request_entity_too_large', 'Request body is larger than 100kb');
  if (status >= 400 && status < 500) return new ApiError(400, 'bad_request', 'Malformed JSON body');
  return new ApiError(500, 'internal_error', 'Internal server error');
}

/** Parse a body or throw the API's 400 listing every problem. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined)
    throw new ApiError(400, 'bad_request', 'Request body must be JSON (Content-Type: application/json)');
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new ApiError(400, 'bad_request', details.join('; '), details);
}

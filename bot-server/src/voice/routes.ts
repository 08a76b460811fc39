/**
 * HTTP endpoints the dialer providers call back (mounted at /voice by transport/http.ts):
 *   POST /voice/twilio/status?callId=..         X-Twilio-Signature verified (HMAC-SHA1, auth token)
 *   POST /voice/aacc/status?callId=..&token=..  per-call capability token verified (HMAC-SHA256)
 * Every comparison is constant-time; a bad signature is 403 PARLEY_ERR_SIGNATURE and changes nothing.
 * Answers are coded JSON errors ({error:{code,message,retryable}}) or 204.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ParleyError } from '../errors.js';
import type { AaccCallbackDialer } from './aacc-callback-dialer.js';
import type { VoiceLogger } from './provider-http.js';
import { verifyAaccStatusToken, verifyTwilioSignature, type FormParams } from './signatures.js';
import type { Clock } from '../domain/ports.js';
import type { TwilioDialer } from './twilio-dialer.js';

export interface VoiceRoutesOptions {
  twilio?: {
    dialer: TwilioDialer;
    authToken: string;
    /** Public origin Twilio was given (the signature covers the full URL it requested). */
    publicBaseUrl: () => string;
  };
  aacc?: { dialer: AaccCallbackDialer; secret: string; clock: Clock };
  logger: VoiceLogger;
}

/** Status callbacks are small; anything bigger is not from a provider. */
const BODY_LIMIT = '16kb';

export function createVoiceRouter(opts: VoiceRoutesOptions): Router {
  const router = express.Router();
  const { twilio, aacc, logger } = opts;

  if (twilio) {
    router.post(
      '/twilio/status',
      express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 }),
      (req: Request, res: Response) => {
        const params = (req.body ?? {}) as FormParams;
        const url = twilio.publicBaseUrl().replace(/\/$/, '') + req.originalUrl;
        if (!verifyTwilioSignature(twilio.authToken, url, params, req.get('x-twilio-signature'))) {
          logger.warn({ path: req.path }, 'twilio status callback with a bad signature rejected');
          return sendError(res, new ParleyError('PARLEY_ERR_SIGNATURE'));
        }
        const callId = singleString(req.query['callId']);
        if (!callId) return sendError(res, new ParleyError('PARLEY_ERR_VALIDATION', 'callId is required.'));
        twilio.dialer.handleStatusCallback(callId, params);
        res.status(204).end();
      },
    );
  }

  if (aacc) {
    router.post('/aacc/status', express.json({ limit: BODY_LIMIT, strict: true }), (req: Request, res: Response) => {
      const callId = singleString(req.query['callId']);
      const token = singleString(req.query['token']);
      if (!callId || !verifyAaccStatusToken(aacc.secret, callId, token, aacc.clock.now())) {
        logger.warn({ path: req.path }, 'aacc status report with a bad token rejected');
        return sendError(res, new ParleyError('PARLEY_ERR_SIGNATURE'));
      }
      if (!aacc.dialer.handleStatusReport(callId, req.body)) {
        return sendError(
          res,
          new ParleyError('PARLEY_ERR_VALIDATION', 'Not a status report: expected {callbackId, status, at}.'),
        );
      }
      res.status(204).end();
    });
  }

  // Body parser failures (bad JSON, too large) become coded errors instead of express's HTML page.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: unknown }).type;
    if (type === 'entity.too.large') return sendError(res, new ParleyError('PARLEY_ERR_PAYLOAD_TOO_LARGE'));
    if (type === 'entity.parse.failed') return sendError(res, new ParleyError('PARLEY_ERR_BAD_JSON'));
    if (typeof type === 'string')
      return sendError(res, new ParleyError('PARLEY_ERR_BAD_FRAME', 'The request body could not be read.'));
    next(err);
  });
  return router;
}

function singleString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v.length <= 128 ? v : undefined;
}

function sendError(res: Response, err: ParleyError): void {
  res.status(err.status).json({ error: err.toJSON() });
}

/**
 * CORS for the customer API (/api): the widget runs on the site owner's pages, so its uploads and transcript
 * requests are cross-origin. Only origins the chat WebSocket accepts (ALLOWED_ORIGINS, or this server's own) get
 * an answer; credentials are a Bearer conversation token, never cookies, so no Allow-Credentials. A preflight from
 * any other origin gets 403 with the coded error, and a plain request from one simply gets no CORS headers (the
 * browser then withholds the response).
 */
import type express from 'express';
import { ParleyError } from '../errors.js';
import type { OriginPolicy } from './origin.js';

const ALLOW_HEADERS = 'Authorization, Content-Type';
const ALLOW_METHODS = 'GET, POST';
/** Browsers cap this anyway (Chromium: 2 h); it saves a preflight per upload. */
const MAX_AGE_S = '7200';

export function apiCors(origins: OriginPolicy): express.RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin === undefined) return next();
    const allowed = origins.allows(origin);
    if (req.method === 'OPTIONS') {
      if (!allowed) return next(new ParleyError('PARLEY_ERR_ORIGIN_FORBIDDEN'));
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', MAX_AGE_S);
      res.status(204).end();
      return;
    }
    if (allowed) res.setHeader('Access-Control-Allow-Origin', origin);
    next();
  };
}

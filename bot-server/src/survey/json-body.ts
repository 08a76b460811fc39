import express, { type RequestHandler } from 'express';
import { ParleyError } from '../errors.js';

/** A small JSON body: 415 when it is not `application/json`, 413 past `limit`, 400 when it does not parse. */
export function jsonBody(limit = '8kb'): RequestHandler[] {
  return [
    (req, _res, next) =>
      next(req.is('application/json') ? undefined : new ParleyError('PARLEY_ERR_UNSUPPORTED_MEDIA_TYPE')),
    express.json({ limit, strict: true }),
  ];
}

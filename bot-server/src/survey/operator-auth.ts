import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ParleyError } from '../errors.js';
import type { FailedAttempts } from './failed-attempts.js';

const BEARER = /^Bearer (\S{1,512})$/;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Which configured operator token `given` is (its index), or -1. Every token is compared (digests of equal length,
 * in constant time, all of them whatever matched) so the time says nothing of which was close.
 */
export function operatorTokenIndex(tokens: readonly string[]): (given: string) => number {
  const expected = tokens.map(digest);
  return (given) => {
    const g = digest(given);
    let found = -1;
    expected.forEach((e, i) => {
      const same = timingSafeEqual(e, g);
      found = same ? i : found;
    });
    return found;
  };
}

/**
 * Operator endpoints take `Authorization: Bearer <OPERATOR_TOKEN>`. With no token configured the endpoints do not
 * exist (404).
 */
export function operatorAuth(tokens: readonly string[], attempts?: FailedAttempts): RequestHandler {
  const indexOf = operatorTokenIndex(tokens);
  return (req, _res, next) => {
    if (tokens.length === 0) return next(new ParleyError('PARLEY_ERR_NOT_FOUND'));
    const address = req.ip ?? '';
    try {
      attempts?.check(address);
    } catch (err) {
      return next(err);
    }
    const ok = indexOf(BEARER.exec(req.headers.authorization ?? '')?.[1] ?? '') >= 0;
    if (!ok) attempts?.failed(address);
    next(ok ? undefined : new ParleyError('PARLEY_ERR_BAD_TOKEN', 'An operator token is required.'));
  };
}

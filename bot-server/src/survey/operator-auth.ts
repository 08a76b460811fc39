import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ParleyError } from '../errors.js';

const BEARER = /^Bearer (\S{1,512})$/;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Operator endpoints take `Authorization: Bearer <OPERATOR_TOKEN>`. Every configured token is compared (digests of
 * equal length, in constant time, all of them whatever matched) so the time says nothing of which was close. With
 * no token configured the endpoints do not exist (404).
 */
export function operatorAuth(tokens: readonly string[]): RequestHandler {
  const expected = tokens.map(digest);
  return (req, _res, next) => {
    if (expected.length === 0) return next(new ParleyError('PARLEY_ERR_NOT_FOUND'));
    const given = digest(BEARER.exec(req.headers.authorization ?? '')?.[1] ?? '');
    let ok = false;
    for (const e of expected) ok = timingSafeEqual(e, given) || ok;
    next(ok ? undefined : new ParleyError('PARLEY_ERR_BAD_TOKEN', 'An operator token is required.'));
  };
}

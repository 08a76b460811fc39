/**
 * Conversation tokens: the only credential a widget holds. 32 random bytes, base64url. The store
 * keeps only their SHA-256, so a leaked database does not leak working tokens.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newVisitorToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Hex SHA-256 of a token, as stored. */
export function hashVisitorToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two token hashes (hex strings of equal length). */
export function sameTokenHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

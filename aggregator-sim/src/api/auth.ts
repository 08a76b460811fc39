import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Equal in constant time whatever the lengths: digests first, so a length never leaks. */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An HS256 JWT signed with the key: header `kid` = key id, claim `scope: "app"` (or `account`). */
function validJwt(token: string, keyId: string, secret: string): boolean {
  const [head, body, signature] = token.split('.');
  if (!head || !body || signature === undefined) return false;
  const header = b64urlJson(head);
  const claims = b64urlJson(body);
  if (!header || !claims || header['alg'] !== 'HS256') return false;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  const signed = safeEqual(signature, expected);
  const kid = header['kid'];
  const kidOk = safeEqual(typeof kid === 'string' ? kid : '', keyId);
  return signed && kidOk && (claims['scope'] === 'app' || claims['scope'] === 'account');
}

/** HTTP Basic (key id : secret) or a Bearer JWT signed with the secret. */
export function authorized(header: string | undefined, keyId: string, secret: string): boolean {
  if (!header) return false;
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return validJwt(value.trim(), keyId, secret);
  if (scheme?.toLowerCase() !== 'basic') return false;
  const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both halves are compared even when the first differs, so timing says nothing about which one was wrong.
  const idOk = safeEqual(decoded.slice(0, colon), keyId);
  const secretOk = safeEqual(decoded.slice(colon + 1), secret);
  return idOk && secretOk;
}

/** A JWT for `Authorization: Bearer`, as a client signs one (tests and examples). */
export function signJwt(keyId: string, secret: string, scope = 'app'): string {
  const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: keyId })).toString('base64url');
  const body = Buffer.from(JSON.stringify({ scope })).toString('base64url');
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}

/**
 * Authentication of provider status callbacks. Pure functions over node:crypto; every comparison is
 * constant-time (HMAC both sides to equal-length digests first, so lengths leak nothing either).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time string equality (also for strings of different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const key = 'parley-compare';
  const da = createHmac('sha256', key).update(a).digest();
  const db = createHmac('sha256', key).update(b).digest();
  return timingSafeEqual(da, db);
}

export type FormParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Twilio's X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + each POST param sorted by name as
 * name+value)). Repeated names contribute each value, values sorted.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name];
    if (v === undefined) continue;
    const values = typeof v === 'string' ? [v] : [...v].sort();
    for (const value of values) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: FormParams,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  return safeEqual(twilioSignature(authToken, url, params), signature);
}

/**
 * Capability token for the AACC callback status URL. The simulator (and AACC's web callback) can only
 * POST to the URL it was given, so the URL carries `<expiry, base 36 ms>.<base64url(HMAC-SHA256(secret,
 * "aacc-status:" + callId + ":" + expiry))>`: unguessable per call, verifiable without state, useless for any
 * other call, and refused after its expiry (a leaked URL does not stay valid for ever).
 */
export function aaccStatusToken(secret: string, callId: string, expiresAt: number): string {
  const exp = Math.floor(expiresAt).toString(36);
  return `${exp}.${createHmac('sha256', secret).update(`aacc-status:${callId}:${exp}`).digest('base64url')}`;
}

export function verifyAaccStatusToken(secret: string, callId: string, token: string | undefined, now: number): boolean {
  const m = /^([0-9a-z]{1,11})\.[A-Za-z0-9_-]{43}$/.exec(token ?? '');
  if (!m?.[1] || !token) return false;
  const expiresAt = parseInt(m[1], 36);
  // The MAC is checked whatever the expiry, so the answer takes the same time either way.
  const genuine = safeEqual(aaccStatusToken(secret, callId, expiresAt), token);
  return genuine && now <= expiresAt;
}

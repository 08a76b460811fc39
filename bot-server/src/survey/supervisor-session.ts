/**
 * The supervisor page's sign-in: the operator token is typed into a form once (never put in a URL, where proxies
 * and browser history would keep it), and the browser then holds a signed, expiring cookie: HttpOnly (no script
 * reads it), SameSite=Strict (no other site's page sends it), scoped to /operator. It is signed with a key derived
 * from the very token that was typed, so removing a token from OPERATOR_TOKEN ends the sessions it opened, and
 * every instance sharing the configuration accepts it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../domain/ports.js';
import { operatorTokenIndex } from './operator-auth.js';

export const SESSION_COOKIE = 'parley_supervisor';
/** A working day: a supervisor signs in again the next morning. */
export const SESSION_MS = 8 * 3600_000;

const COOKIE_VALUE = /^(\d{13})\.([A-Za-z0-9_-]{43})$/;

export class SupervisorSessions {
  private readonly keys: Buffer[];
  private readonly indexOf: (given: string) => number;

  constructor(
    tokens: readonly string[],
    private readonly clock: Clock,
    private readonly ttlMs = SESSION_MS,
  ) {
    this.keys = tokens.map((t) => createHmac('sha256', 'parley supervisor session v1').update(t).digest());
    this.indexOf = operatorTokenIndex(tokens);
  }

  /** A cookie value for a correct operator token; undefined for any other. */
  issue(token: string): string | undefined {
    const key = this.keys[this.indexOf(token)];
    if (!key) return undefined;
    const expires = String(this.clock.now() + this.ttlMs);
    return `${expires}.${sign(key, expires)}`;
  }

  /** Whether the request's Cookie header carries a session that is genuine and not expired. */
  valid(cookieHeader: string | undefined): boolean {
    const m = COOKIE_VALUE.exec(readCookie(cookieHeader, SESSION_COOKIE) ?? '');
    if (!m?.[1] || !m[2]) return false;
    const expires = Number(m[1]);
    const now = this.clock.now();
    if (expires <= now || expires > now + this.ttlMs) return false;
    const given = Buffer.from(m[2]);
    let ok = false;
    for (const key of this.keys) ok = timingSafeEqual(Buffer.from(sign(key, m[1])), given) || ok;
    return ok;
  }

  /** The Set-Cookie header for a session value; an empty value with Max-Age=0 signs out. */
  setCookie(value: string, secure: boolean): string {
    const maxAge = value ? Math.floor(this.ttlMs / 1000) : 0;
    return `${SESSION_COOKIE}=${value}; Path=/operator; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }
}

const sign = (key: Buffer, expires: string) => createHmac('sha256', key).update(expires).digest('base64url');

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

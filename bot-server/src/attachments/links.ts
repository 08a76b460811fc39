/**
 * Download links: `/api/attachments/<id>?exp=<epoch ms>&sig=<HMAC-SHA256(id.exp)>`. Only a link this server signed,
 * unexpired, opens a file; the signature is compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DOWNLOAD_PATH = '/api/attachments';

export class LinkSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
  ) {}

  /** The path and query of a link to `id` that works until now + TTL. */
  sign(id: string, now: number): string {
    const exp = now + this.ttlMs;
    return `${DOWNLOAD_PATH}/${encodeURIComponent(id)}?exp=${exp}&sig=${this.mac(id, exp)}`;
  }

  verify(id: string, exp: unknown, sig: unknown, now: number): boolean {
    if (typeof exp !== 'string' || !/^\d{1,16}$/.test(exp) || typeof sig !== 'string') return false;
    const expected = Buffer.from(this.mac(id, Number(exp)), 'utf8');
    const given = Buffer.from(sig, 'utf8');
    const genuine = expected.length === given.length && timingSafeEqual(expected, given);
    return genuine && Number(exp) > now;
  }

  private mac(id: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${id}.${exp}`).digest('base64url');
  }
}

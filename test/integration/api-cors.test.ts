/**
 * The customer API answers cross-origin requests (the widget on the site owner's pages) only from the origins the
 * chat WebSocket accepts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from './support/test-server.js';

describe('customer API CORS', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  const SHOP = 'https://shop.example';

  before(async () => {
    s = await startTestServer({ ALLOWED_ORIGINS: SHOP });
  });
  after(() => s.close());

  const preflight = (origin: string) =>
    fetch(`${s.url}/api/conversations/c1/attachments`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });

  test('a preflight from an allowed origin is answered for Bearer uploads', async () => {
    const res = await preflight(SHOP);
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), SHOP);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null, 'tokens, not cookies');
  });

  test('a preflight from any other origin is refused with the coded error', async () => {
    const res = await preflight('https://evil.example');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const { error } = (await res.json()) as { error: { code: string } };
    assert.equal(error.code, 'PARLEY_ERR_ORIGIN_FORBIDDEN');
  });

  test('responses name the allowed origin only, and vary on Origin', async () => {
    const ok = await fetch(`${s.url}/api/attachments`, { headers: { Origin: SHOP } });
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    assert.match(ok.headers.get('vary') ?? '', /Origin/);
    const other = await fetch(`${s.url}/api/attachments`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestServer } from './support/test-server.js';
import { join } from './support/ws-client.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('http', () => {
  let s: Server;
  const assets = mkdtempSync(pathJoin(tmpdir(), 'parley-assets-'));
  const demo = mkdtempSync(pathJoin(tmpdir(), 'parley-demo-'));
  const entry = 'window.Parley = 1; // entry '.repeat(50);
  before(async () => {
    mkdirSync(pathJoin(assets, 'chunks'));
    writeFileSync(pathJoin(assets, 'parley.js'), entry);
    writeFileSync(pathJoin(assets, 'parley.js.br'), brotliCompressSync(entry));
    writeFileSync(pathJoin(assets, 'parley.js.gz'), gzipSync(entry));
    writeFileSync(pathJoin(assets, 'chunks', 'panel-AB12CD34.js'), 'export const x = 1;');
    writeFileSync(pathJoin(demo, 'index.html'), '<!doctype html><title>demo</title>');
    s = await startTestServer({}, { widgetDir: assets, demoDir: demo });
  });
  after(async () => {
    await s.close();
    rmSync(assets, { recursive: true, force: true });
    rmSync(demo, { recursive: true, force: true });
  });

  test("transcript: right token 200, wrong token 401, other visitor's conversation 404, no token 401", async () => {
    const a = await join(s.wsUrl, s.origin);
    a.c.send({ type: 'message.send', clientMsgId: 't-1', content: { type: 'text', text: 'transcript me' } });
    await a.c.next('message', (f) => f.message.seq === 3);
    const b = await join(s.wsUrl, s.origin);
    const url = `${s.url}/api/conversations/${a.welcome.conversationId}/transcript`;

    const ok = await fetch(url, { headers: { Authorization: `Bearer ${a.welcome.token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    const body = (await ok.json()) as {
      conversation: { id: string };
      messages: Array<{ seq: number }>;
      participants: unknown[];
      events: unknown[];
    };
    assert.equal(body.conversation.id, a.welcome.conversationId);
    assert.deepEqual(
      body.messages.map((m) => m.seq),
      [1, 2, 3],
    );
    assert.ok(Array.isArray(body.participants) && Array.isArray(body.events));

    const wrong = await fetch(url, { headers: { Authorization: `Bearer ${'A'.repeat(43)}` } });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'PARLEY_ERR_BAD_TOKEN');
    const other = await fetch(url, { headers: { Authorization: `Bearer ${b.welcome.token}` } });
    assert.equal(other.status, 404);
    assert.equal(((await other.json()) as { error: { code: string } }).error.code, 'PARLEY_ERR_NOT_FOUND');
    const none = await fetch(url);
    assert.equal(none.status, 401);
    const missing = await fetch(`${s.url}/api/conversations/nope/transcript`, {
      headers: { Authorization: `Bearer ${a.welcome.token}` },
    });
    assert.equal(missing.status, 404);
    await a.c.close();
    await b.c.close();
  });

  test('health: store and contact center; 200 when degraded, JSON', async () => {
    const ok = await fetch(`${s.url}/health`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), {
      status: 'ok',
      store: { ok: true },
      contactCenter: { name: 'scripted', ok: true },
    });
    s.cc.healthy = false;
    const degraded = await fetch(`${s.url}/health`);
    assert.equal(degraded.status, 200);
    assert.equal(((await degraded.json()) as { status: string }).status, 'degraded');
    s.cc.healthy = true;
    assert.equal((await fetch(`${s.url}/health/live`)).status, 200);
  });

  test('widget: precompressed variants, ETag + short max-age for the entry, immutable hashed chunks', async () => {
    const br = await fetch(`${s.url}/widget/parley.js`, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(br.status, 200);
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await br.text(), entry, 'fetch decodes the brotli body back to the entry');
    assert.match(br.headers.get('cache-control') ?? '', /max-age=300/);
    const etag = br.headers.get('etag');
    assert.ok(etag);
    const gz = await fetch(`${s.url}/widget/parley.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    const again = await fetch(`${s.url}/widget/parley.js`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const chunk = await fetch(`${s.url}/widget/chunks/panel-AB12CD34.js`, {
      headers: { Origin: 'https://customer.example' },
    });
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('access-control-allow-origin'), '*', 'module chunks are importable cross-origin');
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    for (const p of [
      '/widget/../package.json',
      '/widget/%2e%2e/%2e%2e/package.json',
      '/widget/parley.js.br',
      '/widget/nope.js',
    ]) {
      const r = await fetch(`${s.url}${p}`);
      assert.equal(r.status, 404, p);
    }
  });

  test('demo site is served with a strict CSP and security headers', async () => {
    const r = await fetch(`${s.url}/`);
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy') ?? '';
    for (const d of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      assert.ok(csp.includes(d), d);
    assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
    assert.ok(!csp.includes('unsafe'));
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('x-powered-by'), null);
  });

  test('unknown routes get a coded JSON 404', async () => {
    const r = await fetch(`${s.url}/api/nothing`);
    assert.equal(r.status, 404);
    assert.deepEqual(await r.json(), { error: { code: 'PARLEY_ERR_NOT_FOUND', message: 'Not found.' } });
  });
});

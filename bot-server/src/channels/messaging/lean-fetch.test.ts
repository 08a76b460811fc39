import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { leanFetch } from './lean-fetch.js';

describe('lean fetch (the aggregator client over node:http)', () => {
  let server: Server;
  let base = '';
  const lean = leanFetch();
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/hang') return; // never answers: the caller's signal decides
        if (req.url === '/reset') return req.socket.resetAndDestroy(); // read the whole request, then no answer
        if (req.url === '/busy') {
          res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: { code: 'throttled' } }));
        }
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: JSON.parse(body) as unknown, auth: req.headers.authorization }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    lean.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, signal?: AbortSignal) =>
    lean.fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: 'Basic x', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
      ...(signal ? { signal } : {}),
    });

  test('status, body and headers as fetch gives them', async () => {
    const ok = await post('/messages');
    assert.deepEqual([ok.ok, ok.status], [true, 201]);
    assert.deepEqual(JSON.parse(await ok.text()), { echo: { text: 'hi' }, auth: 'Basic x' });
    const busy = await post('/busy');
    assert.deepEqual([busy.ok, busy.status, busy.headers.get('Retry-After')], [false, 429, '3']);
    assert.equal(busy.headers.get('x-absent'), null);
  });

  test("a timeout rejects with the signal's reason; a refused connection with fetch's TypeError and its code", async () => {
    await assert.rejects(post('/hang', AbortSignal.timeout(50)), { name: 'TimeoutError', sent: true });
    const timed = leanFetch({ timeoutMs: 50 });
    await assert.rejects(timed.fetch(`${base}/hang`, { method: 'POST', body: '{}' }), {
      name: 'TimeoutError',
      sent: true,
    });
    timed.close();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(lean.fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', body: '{}' }), (err: unknown) => {
      assert.ok(err instanceof TypeError);
      assert.equal((err.cause as { code?: string }).code, 'ECONNREFUSED');
      assert.equal((err as { sent?: boolean }).sent, false, 'refused: the request never went out');
      return true;
    });
  });

  test('a connection reset after the whole request was written says so (`sent`): the peer may have acted on it', async () => {
    await assert.rejects(post('/reset'), (err: unknown) => {
      assert.ok(err instanceof TypeError);
      assert.equal((err.cause as { code?: string }).code, 'ECONNRESET');
      assert.equal((err as { sent?: boolean }).sent, true);
      return true;
    });
  });
});

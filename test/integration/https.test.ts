/** LISTENING_PROTO=https: HTTPS and WSS on one server, with a throw-away self-signed certificate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import WebSocket from 'ws';
import { makeTestCertificate } from '@parley/aacc-sim';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { wsText } from '../../bot-server/src/transport/ws-text.js';
import { startTestServer } from './support/test-server.js';

test('https + wss with the configured certificate', async (t) => {
  const dir = mkdtempSync(pathJoin(tmpdir(), 'parley-tls-'));
  try {
    const tls = makeTestCertificate(dir);
    if (!tls) {
      t.skip('openssl is not available to make a test certificate');
      return;
    }
    const { cert, key } = tls;
    const s = await startTestServer({
      LISTENING_PROTO: 'https',
      LISTENING_HTTPS_PORT: '0',
      LISTENING_SSL_CERT_PATH: cert,
      LISTENING_SSL_PEM_PATH: key,
    });
    try {
      assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(cert);
      const status = await new Promise<number>((resolve, reject) => {
        request(`${s.url}/health/live`, { ca }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
      assert.equal(status, 200);
      const ws = new WebSocket(`${s.url.replace('https', 'wss')}/ws`, { ca, headers: { Origin: s.url } });
      const welcome = await new Promise<{ type: string }>((resolve, reject) => {
        ws.once('error', reject);
        ws.once('open', () => ws.send(JSON.stringify({ type: 'session.hello', v: PROTOCOL_VERSION })));
        ws.once('message', (d) => resolve(JSON.parse(wsText(d)) as { type: string }));
      });
      assert.equal(welcome.type, 'session.welcome');
      ws.close();
      // Plain ws:// to a TLS port is not a WebSocket.
      await assert.rejects(
        new Promise((resolve, reject) =>
          new WebSocket(`${s.url.replace('https', 'ws')}/ws`).once('open', resolve).once('error', reject),
        ),
      );
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { startSimulator, type Simulator, type SimOptions } from './index.js';
import { EwcTestClient, newChat } from './testing/ewc-test-client.js';
import { ManualClock } from './testing/manual-clock.js';
import { makeTestCertificate } from './testing/test-certificate.js';

async function withSim(opts: SimOptions, fn: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ port: 0, ...opts });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

async function started(sim: Simulator): Promise<{ client: EwcTestClient; guid: number; key: string }> {
  const client = await EwcTestClient.connect(sim.ewcUrl);
  client.request(newChat());
  const n = await client.next('requestChat', 'notification');
  return { client, guid: n.body['guid'] as number, key: n.body['authenticationKey'] as string };
}

function resume(sim: Simulator, guid: number, key: string): Promise<EwcTestClient> {
  return EwcTestClient.connect(sim.ewcUrl).then((c) => {
    c.request({ method: 'requestChat', guid, authenticationKey: key });
    return c;
  });
}

describe('faults', () => {
  test('dropSocket: the client sees 1006 and can resume', async () => {
    await withSim({}, async (sim) => {
      const { client, guid, key } = await started(sim);
      sim.control.dropSocket(guid);
      assert.equal((await client.closedWith()).code, 1006);
      const back = await resume(sim, guid, key);
      assert.equal((await back.next('requestChat', 'notification')).body['guid'], guid);
      back.close();
    });
  });

  test('stall: no answers while stalled, then the delayed answers arrive in order', async () => {
    const clock = new ManualClock();
    await withSim({ clock }, async (sim) => {
      const { client, guid } = await started(sim);
      sim.control.stall(guid, 300);
      client.request({ method: 'ping' });
      client.request({ method: 'queueStatus' });
      // Another socket's round trip: the stalled one had as long to answer, and did not.
      const other = await started(sim);
      other.client.request({ method: 'ping' });
      await other.client.next('ping');
      other.client.close();
      assert.deepEqual(client.frames, [], 'nothing answered while stalled');
      clock.advance(300);
      assert.equal((await client.nextWhere(() => true)).body.method, 'ping');
      assert.equal((await client.nextWhere(() => true)).body.method, 'queueStatus');
      client.close();
    });
  });

  test('expireSession: the socket drops and resume fails with code 2', async () => {
    await withSim({}, async (sim) => {
      const { client, guid, key } = await started(sim);
      sim.control.expireSession(guid);
      assert.equal((await client.closedWith()).code, 1006);
      const back = await resume(sim, guid, key);
      const e = await back.nextWhere((f) => f.type === 'error');
      assert.equal(e.body['code'], 2);
      back.close();
    });
  });

  test('refuseConnections: upgrades get HTTP 503 until turned off', async () => {
    await withSim({}, async (sim) => {
      sim.control.refuseConnections(true);
      await assert.rejects(EwcTestClient.connect(sim.ewcUrl), /503/);
      sim.control.refuseConnections(false);
      (await EwcTestClient.connect(sim.ewcUrl)).close();
    });
  });

  test('restart drops every socket; chats stay resumable (or not, per option)', async () => {
    await withSim({ restartDowntimeMs: 50 }, async (sim) => {
      const { client, guid, key } = await started(sim);
      await sim.restart();
      assert.equal((await client.closedWith()).code, 1006);
      const back = await resume(sim, guid, key);
      await back.next('requestChat', 'notification');
      back.close();
    });
    await withSim({ restartDowntimeMs: 50, restartKeepsSessions: false }, async (sim) => {
      const { client, guid, key } = await started(sim);
      await sim.restart();
      await client.closedWith();
      const back = await resume(sim, guid, key);
      assert.equal((await back.nextWhere((f) => f.type === 'error')).body['code'], 2);
      back.close();
    });
  });

  test('allowedOrigins: other origins are refused with 403', async () => {
    await withSim({ allowedOrigins: ['https://shop.example'] }, async (sim) => {
      await assert.rejects(EwcTestClient.connect(sim.ewcUrl, { Origin: 'https://evil.example' }), /403/);
      await assert.rejects(EwcTestClient.connect(sim.ewcUrl), /403/);
      (await EwcTestClient.connect(sim.ewcUrl, { Origin: 'https://shop.example' })).close();
    });
  });

  test('a frame over 64 KiB closes that socket (1009) and the server keeps serving others', async () => {
    await withSim({}, async (sim) => {
      const { client } = await started(sim);
      client.send('x'.repeat(70 * 1024));
      assert.equal((await client.closedWith()).code, 1009);
      const other = await started(sim);
      other.client.request({ method: 'ping' });
      await other.client.next('ping');
      other.client.close();
    });
  });
});

describe('TLS', () => {
  test('wss with a PEM certificate (self-signed, trusted by the client as CA)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'aacc-sim-tls-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const tls = makeTestCertificate(dir);
    if (!tls) {
      t.skip('openssl is not available to make a test certificate');
      return;
    }
    const { cert, key } = tls;
    await withSim({ tls: { cert, key } }, async (sim) => {
      assert.match(sim.ewcUrl, /^wss:\/\/127\.0\.0\.1:\d+\/CustomerControllerWeb\/chat$/);
      const { readFileSync } = await import('node:fs');
      const ws = new WebSocket(sim.ewcUrl, { ca: readFileSync(cert) });
      const reply = await new Promise<string>((resolve, reject) => {
        ws.once('open', () =>
          ws.send(JSON.stringify({ apiVersion: '1.0', type: 'request', body: { method: 'ping' } })),
        );
        ws.once('message', (d: Buffer) => resolve(d.toString()));
        ws.once('error', reject);
      });
      assert.equal((JSON.parse(reply) as { body: { method: string } }).body.method, 'ping');
      ws.terminate();
    });
  });
});

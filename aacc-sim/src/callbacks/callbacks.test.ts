import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startSimulator, type Simulator, type StatusReport } from '../index.js';
import { ManualClock } from '../testing/manual-clock.js';

let sim: Simulator;
let receiver: Server;
let receiverUrl: string;
let reports: StatusReport[];
let failNext = 0;
const received = new EventEmitter<{ report: [] }>();

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  reports = [];
  failNext = 0;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      reports.push(JSON.parse(body) as StatusReport);
      res.writeHead(204).end();
      received.emit('report');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/status`;
});
afterEach(async () => {
  await sim.close();
  await new Promise((r) => receiver.close(r));
});

async function post(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.httpUrl}/CustomerControllerWeb/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const request = (extra: Record<string, unknown> = {}) => ({
  method: 'requestCallback',
  name: 'Jane Doe',
  phone: '+353 91 733277',
  email: 'jane@example.com',
  countryCode: '+353',
  areaCode: '091',
  skillset: 'VOICE_Default_Skillset',
  customFields: [{ title: 'intent', value: 'billing.refund' }],
  statusCallbackUrl: receiverUrl,
  ...extra,
});

/** The statuses reported for the callback, once `until` is among them (fails after 5 s). */
async function statuses(callbackId: string, until: string): Promise<string[]> {
  const list = () => reports.filter((r) => r.callbackId === callbackId).map((r) => r.status);
  const deadline = AbortSignal.timeout(5000);
  while (!list().includes(until)) {
    await once(received, 'report', { signal: deadline }).catch(() => {
      throw new Error(`no ${until} report; got ${JSON.stringify(reports)}`);
    });
  }
  return list();
}

describe('callback REST', () => {
  test('getSkillsets returns the outbound (voice) skillsets', async () => {
    const { status, json } = await post({ method: 'getSkillsets' });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(json).sort(), ['VOICE_Billing', 'VOICE_Default_Skillset']);
  });

  test('requestCallback -> voice contact rings on a ready agent -> connected -> completed, each reported in order', async () => {
    await sim.control.login('5001', 'agent');
    await sim.control.setReady('5001', true);
    const { status, json } = await post(request({ idempotencyKey: 'k-1' }));
    assert.equal(status, 200);
    assert.equal(json['status'], 'accepted');
    const callbackId = String(json['callbackId']);
    const contact = sim.control.contacts().find((c) => c.callbackId === callbackId);
    assert.ok(contact);
    assert.equal(contact.kind, 'voice');
    assert.equal(contact.state, 'ringing');
    assert.equal(contact.offeredTo, '5001');
    assert.deepEqual(contact.customer.customFields, [{ title: 'intent', value: 'billing.refund' }]);
    await sim.control.answer('5001', contact.id);
    await sim.control.close('5001', contact.id);
    assert.deepEqual(await statuses(callbackId, 'completed'), ['dialling', 'ringing', 'connected', 'completed']);
    const completed = reports.find((r) => r.status === 'completed');
    assert.equal(completed?.idempotencyKey, 'k-1');
    assert.equal(completed?.agentId, '5001');
    const view = (await (await fetch(`${sim.httpUrl}/CustomerControllerWeb/callback/${callbackId}`)).json()) as Record<
      string,
      unknown
    >;
    assert.equal(view['status'], 'completed');
    assert.equal((view['history'] as unknown[]).length, 4);
  });

  test('the same idempotencyKey returns the same callbackId and makes no second call', async () => {
    const a = await post(request({ idempotencyKey: 'same' }));
    const b = await post(request({ idempotencyKey: 'same' }));
    assert.equal(a.json['callbackId'], b.json['callbackId']);
    assert.equal(b.json['duplicate'], true);
    assert.equal(sim.control.contacts().filter((c) => c.kind === 'voice').length, 1);
  });

  test('not answered within the ring timeout -> no_answer', async () => {
    await sim.close();
    const clock = new ManualClock();
    sim = await startSimulator({ port: 0, clock });
    await sim.control.login('5001', 'agent');
    await sim.control.setReady('5001', true);
    const { json } = await post(request());
    const callbackId = String(json['callbackId']);
    clock.advance(30_000 - 1);
    assert.equal(sim.control.callback(callbackId).status, 'ringing', 'still ringing just before the default timeout');
    clock.advance(1);
    assert.deepEqual(await statuses(callbackId, 'no_answer'), ['dialling', 'ringing', 'no_answer']);
  });

  test('a future date schedules the call; cancelCallback cancels it; a finished call cannot be cancelled', async () => {
    const { json } = await post(request({ date: Date.now() + 60_000 }));
    const callbackId = String(json['callbackId']);
    const cancel = await post({ method: 'cancelCallback', callbackId });
    assert.deepEqual(cancel.json, { status: 'cancelled' });
    assert.deepEqual(await statuses(callbackId, 'cancelled'), ['scheduled', 'cancelled']);
    const again = await post({ method: 'cancelCallback', callbackId });
    assert.equal(again.status, 409);
    assert.equal((await post({ method: 'cancelCallback', callbackId: 'CB999' })).status, 404);
  });

  test('status reports are retried when the receiver fails', async () => {
    failNext = 2;
    const { json } = await post(request({ date: Date.now() + 60_000 }));
    assert.deepEqual(await statuses(String(json['callbackId']), 'scheduled'), ['scheduled']);
  });

  test('invalid requests are rejected with 400 and a coded error; nothing is created', async () => {
    for (const bad of [
      request({ phone: 'call me maybe' }),
      request({ name: '' }),
      request({ skillset: 'WC_Default_Skillset' }),
      request({ statusCallbackUrl: 'file:///etc/passwd' }),
      request({ customFields: Array.from({ length: 11 }, (_, i) => ({ title: `t${i}`, value: 'v' })) }),
      { method: 'explode' },
      '{not json',
    ]) {
      const { status, json } = await post(bad);
      assert.equal(status, 400, JSON.stringify(bad));
      assert.equal(json['status'], 'rejected');
      assert.equal((json['error'] as Record<string, unknown>)['code'], 'bad_request');
    }
    assert.equal(sim.control.contacts().length, 0);
  });

  test('at most 3 open callbacks per phone number', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await post(request())).status, 200);
    const fourth = await post(request());
    assert.equal(fourth.status, 429);
  });
});

describe('HTTP control API', () => {
  test('POST /sim/control/<name> drives agents; GET lists; bad input is a coded 400/404', async () => {
    const call = async (name: string, body?: unknown) => {
      const res = await fetch(
        `${sim.httpUrl}/sim/control/${name}`,
        body === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    assert.equal((await call('login', { agentId: '5001', password: 'agent' })).status, 200);
    assert.equal((await call('setReady', { agentId: '5001', ready: true })).status, 200);
    const agents = (await call('agents')).json['result'] as Array<Record<string, unknown>>;
    assert.equal(agents.find((a) => a['id'] === '5001')?.['ready'], true);
    assert.equal((await call('setReady', { agentId: '5001', ready: 'yes' })).status, 400);
    assert.equal((await call('login', { agentId: '5001', password: 'wrong' })).status, 401);
    assert.equal((await call('nope', {})).status, 404);
    assert.equal((await call('say', { agentId: '5001', contactId: 'C404', text: 'hi' })).status, 404);
  });
});

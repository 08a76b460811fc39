import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ManualClock, startSimulator, type Simulator } from '../index.js';
import { EwcTestClient, newChat } from '../testing/ewc-test-client.js';

type Frame = Record<string, unknown> & { type: string };

let sim: Simulator;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await sim.close();
});

/** Desktop socket with a frame queue. */
async function desktop(headers: Record<string, string> = {}) {
  const ws = new WebSocket(sim.httpUrl.replace('http', 'ws') + '/sim/agent', { headers });
  sockets.push(ws);
  ws.on('error', () => {});
  const queue: Frame[] = [];
  const waiters: Array<(f: Frame) => void> = [];
  ws.on('message', (d: Buffer) => {
    const f = JSON.parse(d.toString()) as Frame;
    const w = waiters.shift();
    if (w) w(f);
    else queue.push(f);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const next = (): Promise<Frame> => {
    const f = queue.shift();
    return f ? Promise.resolve(f) : new Promise((r) => waiters.push(r));
  };
  const until = async (type: string): Promise<Frame> => {
    for (;;) {
      const f = await next();
      if (f.type === type) return f;
    }
  };
  return { ws, send: (f: object) => ws.send(JSON.stringify(f)), next, until };
}

describe('agent desktop socket', () => {
  test('wrong password -> error frame; no commands before login', async () => {
    const d = await desktop();
    d.send({ type: 'cmd', id: 1, name: 'setReady', args: { ready: true } });
    assert.deepEqual(await d.until('result'), { type: 'result', id: 1, ok: false, error: 'Log in first' });
    d.send({ type: 'login', agentId: '5001', password: 'bad' });
    assert.equal((await d.until('error'))['message'], 'Invalid agent id or password');
  });

  test('commands are bound to the logged-in agent; faults and other agents are out of reach', async () => {
    const d = await desktop();
    d.send({ type: 'login', agentId: '5001', password: 'agent' });
    const hello = await d.until('hello');
    assert.equal((hello['agent'] as Record<string, unknown>)['id'], '5001');
    d.send({ type: 'cmd', id: 2, name: 'setReady', args: { agentId: '5002', ready: true } });
    assert.equal((await d.until('result'))['ok'], true);
    const agents = sim.control.agents();
    assert.equal(agents.find((a) => a.id === '5001')?.ready, true, 'agentId in args is overridden by the session');
    assert.equal(agents.find((a) => a.id === '5002')?.loggedIn, false);
    d.send({ type: 'cmd', id: 3, name: 'dropSocket', args: { guid: 1 } });
    const r = await d.until('result');
    assert.equal(r['ok'], false);
    d.ws.send('not json');
    assert.equal((await d.until('error'))['message'], 'Malformed frame');
  });

  test('offers and customer messages are pushed live', async () => {
    const d = await desktop();
    d.send({ type: 'login', agentId: '5001', password: 'agent' });
    await d.until('hello');
    d.send({ type: 'cmd', id: 1, name: 'setReady', args: { ready: true } });
    const customer = await EwcTestClient.connect(sim.ewcUrl);
    customer.request(newChat({ name: 'Live Customer' }));
    let contact: Record<string, unknown>;
    do contact = (await d.until('contact'))['contact'] as Record<string, unknown>;
    while (contact['state'] !== 'offered');
    assert.equal(contact['offeredTo'], '5001');
    d.send({ type: 'cmd', id: 9, name: 'answer', args: { contactId: contact['id'] } });
    await customer.next('newParticipant');
    customer.request({ method: 'newMessage', message: 'pushed to the desktop?' });
    let ev: Record<string, unknown>;
    do ev = (await d.until('event'))['event'] as Record<string, unknown>;
    while (ev['type'] !== 'customer_message');
    assert.equal(ev['text'], 'pushed to the desktop?');
    customer.close();
  });

  test('a dropped desktop keeps its agent Ready for the grace; a closed tab (leave frame) makes them Not Ready at once', async () => {
    await sim.close();
    const clock = new ManualClock();
    sim = await startSimulator({ port: 0, clock, desktopReconnectGraceMs: 30_000 });
    const readyOf = (id: string) => sim.control.agents().find((a) => a.id === id)?.ready;
    const signIn = async (agentId: string) => {
      const d = await desktop();
      d.send({ type: 'login', agentId, password: 'agent' });
      await d.until('hello');
      d.send({ type: 'cmd', id: 1, name: 'setReady', args: { ready: true } });
      await d.until('result');
      return d;
    };
    // A lost network: no close frame. The simulator notices in its own time; its grace timer shows when it has.
    const drop = async (d: { ws: WebSocket }) => {
      const timers = clock.pending;
      d.ws.terminate();
      while (clock.pending === timers) await new Promise((resolve) => setImmediate(resolve));
    };

    await drop(await signIn('5001'));
    clock.advance(29_000);
    assert.equal(readyOf('5001'), true, 'still Ready inside the grace');
    const back = await signIn('5001');
    clock.advance(5_000);
    assert.equal(readyOf('5001'), true, 'the desktop came back in time');
    await drop(back);
    clock.advance(29_000);
    assert.equal(readyOf('5001'), true);
    clock.advance(1_000);
    assert.equal(readyOf('5001'), false, 'a desktop that never came back leaves its agent Not Ready');

    const leaving = await signIn('5002');
    const notReady = new Promise<void>((resolve) =>
      sim.control.events.on('agent_state', (e) => e.agentId === '5002' && !e.ready && resolve()),
    );
    leaving.send({ type: 'leave' });
    leaving.ws.close(1000);
    await notReady;
  });

  test('cross-origin upgrades are refused', async () => {
    await assert.rejects(desktop({ Origin: 'https://evil.example' }), /403/);
  });
});

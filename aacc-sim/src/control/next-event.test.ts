// The control API's long poll: a process outside the simulator waits for events over HTTP instead of polling.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulator, type Simulator } from '../index.js';

describe('control: nextEvent', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ port: 0 });
  });
  after(() => sim.close());

  const call = async (name: string, args: Record<string, unknown>) => {
    const res = await fetch(`${sim.httpUrl}/sim/control/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    return (await res.json()) as { ok: boolean; result: unknown };
  };

  test('resolves with the next event of the asked types, skipping others', async () => {
    const waiting = call('nextEvent', { types: ['agent_state'], timeoutMs: 10_000 });
    await call('login', { agentId: '5001', password: 'agent' });
    const body = await waiting;
    assert.equal(body.ok, true);
    assert.deepEqual(
      { type: (body.result as { type: string }).type, agentId: (body.result as { agentId: string }).agentId },
      { type: 'agent_state', agentId: '5001' },
    );
  });

  test('answers null when nothing comes within the timeout', async () => {
    const body = await call('nextEvent', { types: ['contact_closed'], timeoutMs: 1 });
    assert.deepEqual(body, { ok: true, result: null });
  });
});

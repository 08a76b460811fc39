/**
 * The gateway's active AACC probe (probe.ts) against the simulator, on an injected clock: AACC going away is
 * seen without any customer escalating (health degraded, with the reason), and AACC coming back clears it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startSimulator } from '@parley/aacc-sim';
import { loadConfig } from '../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../bot-server/src/contact-center/ewc/index.js';
import { ManualClock } from '../../bot-server/src/contact-center/testing/manual-clock.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { eventually, silent } from './harness.js';

const EVERY_MS = 5000;

describe('EWC gateway conformance: AACC health probe', () => {
  test('down after two failed handshakes (reason given), up again after one success; no customer needed', async () => {
    const sim = await startSimulator({ port: 0 });
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, silent);
    const clock = new ManualClock();
    const gateway = createEwcContactCenter({
      config: loadConfig({}).ewc,
      url: sim.ewcUrl,
      store,
      clock,
      logger: silent,
      probe: true,
      // A generous handshake deadline: only the probe period is driven by the test.
      timings: { probeEveryMs: EVERY_MS, probeTimeoutMs: 600_000 },
    });
    /** Run probe periods until `check` holds (each period's handshake is real and takes a few ms). */
    const periodsUntil = async (check: () => boolean, what: string): Promise<number> => {
      let periods = 0;
      await eventually(
        () => {
          if (check()) return true;
          clock.advance(EVERY_MS);
          periods += 1;
          return false;
        },
        10_000,
        what,
      );
      return periods;
    };
    try {
      assert.deepEqual(gateway.health(), { ok: true });
      sim.control.refuseConnections(true);
      await periodsUntil(() => !gateway.health().ok, 'probe sees AACC down');
      const down = gateway.health();
      assert.equal(down.ok, false);
      assert.match(down.detail ?? '', /^AACC unreachable: the last 2 EWC handshakes failed \(.*503.*\)$/);
      sim.control.refuseConnections(false);
      await periodsUntil(() => gateway.health().ok, 'probe sees AACC back');
      assert.deepEqual(gateway.health(), { ok: true });
      assert.equal(sim.control.contacts().length, 0, 'probing never creates a chat');
    } finally {
      await gateway.close();
      assert.equal(clock.timerCount, 0, 'the probe stops with the gateway');
      await store.close();
      await sim.close();
    }
  });
});

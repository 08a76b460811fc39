/**
 * Gateway vs simulator over wss: the AACC certificate is trusted only through EWC_CA_PATH (a PEM
 * bundle), never by turning verification off; without the bundle the chat fails as unreachable.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTestCertificate } from '@parley/aacc-sim';
import { answerChat, type Harness, readyAgents, startHarness } from './harness.js';

describe('EWC gateway conformance: wss with a CA bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ewc-tls-'));
  const tls = makeTestCertificate(dir, 'aacc');
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe(
    'trusted through EWC_CA_PATH',
    { skip: tls ? false : 'openssl is not available to make a test certificate' },
    () => {
      let h: Harness;
      before(async () => {
        h = await startHarness({ sim: { tls: tls! }, env: { EWC_CA_PATH: tls!.cert } });
        await readyAgents(h.sim, '5001');
      });
      after(() => h.close());

      test('chat over wss: requestChat, agent joins, messages both ways', async () => {
        assert.match(h.sim.ewcUrl, /^wss:\/\//);
        const id = 'tls-1';
        await h.gateway.start(await h.conversation(id));
        const guid = await h.guidOf(id);
        const contactId = await answerChat(h.sim, guid);
        const joined = await h.waitEvent(id, 'agent_joined');
        // The simulator's waitFor sees only later events: wait first, then send (the ack may beat the save).
        const received = h.sim.control.waitFor('customer_message', 5000, (e) => e.guid === guid);
        await h.gateway.sendMessage(id, 'Hello over TLS', 'tls-m1');
        assert.equal((await received).text, 'Hello over TLS');
        await h.sim.control.say(joined.agent.id as string, contactId, 'Hello, secure customer');
        const msg = await h.waitEvent(id, 'agent_message');
        assert.equal(msg.text, 'Hello, secure customer');
      });
    },
  );

  describe(
    'without the CA bundle',
    { skip: tls ? false : 'openssl is not available to make a test certificate' },
    () => {
      let h: Harness;
      before(async () => {
        h = await startHarness({ sim: { tls: tls! } });
      });
      after(() => h.close());

      test('the self-signed certificate is refused: the escalation fails as unreachable, no chat reaches AACC', async () => {
        const id = 'tls-untrusted';
        await h.gateway.start(await h.conversation(id));
        const failed = await h.waitEvent(id, 'failed');
        assert.equal(failed.reason, 'unreachable');
        assert.equal(h.sim.control.contacts().length, 0);
      });
    },
  );
});

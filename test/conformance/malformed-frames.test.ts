/**
 * Malformed frames from "AACC": the simulator never sends them, so a tiny raw ws server stands in
 * for the EWC endpoint ONLY to inject them. The gateway must log and ignore them, keep the chat,
 * never crash, and never pass raw content to the customer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../bot-server/src/contact-center/ewc/index.js';
import { startRawEwcServer } from '../../bot-server/src/contact-center/testing/raw-ewc-server.js';
import { type ContactCenterEvent, systemClock } from '../../bot-server/src/domain/ports.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { escalation, eventually, silent } from './harness.js';

const note = (body: Record<string, unknown>) => JSON.stringify({ apiVersion: '1.0', type: 'notification', body });

describe('EWC gateway conformance: malformed frames from AACC', () => {
  test('garbage, wrong types, unknown methods and unsafe URLs are tolerated; the chat goes on', async () => {
    const received: string[] = [];
    const server = await startRawEwcServer((raw, send) => {
      const frame = JSON.parse(raw) as { body: { method: string; guid?: number | null } };
      received.push(frame.body.method);
      if (frame.body.method === 'requestChat' && frame.body.guid === 77)
        send(note({ method: 'requestChat', guid: 77, authenticationKey: 'k77' }));
      if (frame.body.method === 'requestChat' && frame.body.guid === null) {
        send(note({ method: 'requestChat', guid: 77, authenticationKey: 'k77' }));
        send(
          note({
            method: 'newParticipant',
            agentId: '5001',
            displayName: 'Agent Smith',
            role: 'active_participant',
            participants: [{ id: '5001', name: 'Agent Smith', type: 'active_participant' }],
          }),
        );
        for (const bad of [
          '{oops',
          '',
          'null',
          '42',
          JSON.stringify({ type: 'notification' }),
          JSON.stringify({ type: 'notification', body: [] }),
          note({ method: 'newMessage', message: { html: '<img src=x onerror=alert(1)>' } }),
          note({ method: 'newParticipant', participants: 'everyone' }),
          note({ method: 'participantLeave', participants: [{ id: {} }] }),
          note({ method: 'newPushPageMessage', pagePushURL: 'javascript:alert(1)', displayName: 'A' }),
          note({ method: 'newPushPageMessage', pagePushURL: 'not a url', displayName: 'A' }),
          note({ method: 'routeCancel' }),
          note({ method: 'requestChat', guid: 'NaN', authenticationKey: '' }),
          JSON.stringify({ type: 'error', body: { code: 'x' } }),
          JSON.stringify({ type: 'acknowledgement', body: {} }),
          'x'
            .repeat(70 * 1024)
            .replace(/^/, '"')
            .concat('"'),
        ]) {
          send(bad);
        }
      }
      if (frame.body.method === 'newMessage') {
        send(
          JSON.stringify({
            apiVersion: '1.0',
            type: 'acknowledgement',
            body: { method: 'newMessage', accepted: true },
          }),
        );
        send(note({ method: 'newMessage', message: 'real reply', displayName: 'Agent Smith', timestamp: 1 }));
      }
    });
    const url = server.url;
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, silent);
    await store.createVisitor({ id: 'v1', tokenHash: 'h1', locale: 'en', now: Date.now() });
    await store.createConversation({
      id: 'bad-1',
      visitorId: 'v1',
      channel: 'web',
      state: 'escalation_requested',
      data: {},
      now: Date.now(),
    });
    const config = loadConfig({ wsReconnectMaxAttempt: '2', wsReconnectInterval: '100' }).ewc;
    const gateway = createEwcContactCenter({ config, url, store, clock: systemClock, logger: silent });
    const events: ContactCenterEvent[] = [];
    gateway.onEvent((e) => events.push(e));
    try {
      await gateway.start(escalation('bad-1'));
      await eventually(() => events.some((e) => e.type === 'agent_joined'), 5000, 'agent joined');
      // The oversized frame (> 64 KiB maxPayload) makes ws close the socket: the gateway resumes.
      await eventually(
        () => events.some((e) => e.type === 'connection_restored'),
        5000,
        'resumed after the oversized frame',
      );
      await gateway.sendMessage('bad-1', 'hello', 'h1');
      await eventually(() => events.some((e) => e.type === 'agent_message'), 5000, 'real reply');
      const messages = events.filter((e) => e.type === 'agent_message');
      assert.deepEqual(
        messages.map((e) => (e as { text: string }).text),
        ['real reply'],
      );
      assert.equal(
        events.some((e) => e.type === 'page_push'),
        false,
        'unsafe URLs never reach the customer',
      );
      assert.equal(
        events.some((e) => e.type === 'failed' || e.type === 'ended'),
        false,
      );
      assert.equal(received.filter((m) => m === 'newMessage').length, 1);
      assert.ok(gateway.health().ok);
    } finally {
      await gateway.close();
      await store.close();
      await server.close();
    }
  });
});

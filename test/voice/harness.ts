/**
 * Test harness for voice escalation: a real SQLite store (in memory), the voice module composed from
 * a real Config, its /voice router served by express on 127.0.0.1:0, and helpers to create
 * conversations and wait for call statuses.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import pino from 'pino';
import type { CallStatus } from '@parley/protocol';
import { loadConfig, type Config } from '../../bot-server/src/config/index.js';
import { systemClock, type CallRecord, type Clock, type Store } from '../../bot-server/src/domain/ports.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { createVoice, type VoiceModule } from '../../bot-server/src/voice/index.js';
import { Observed } from '../support/waiters.js';

export interface VoiceHarness {
  config: Config;
  voice: VoiceModule;
  store: Store;
  /** http://127.0.0.1:<port> of the server hosting /voice. */
  baseUrl: string;
  /** Every status change the service emitted, in order. */
  changes: Array<{ conversationId: string; callId: string; status: CallStatus }>;
  newConversation(): Promise<{ conversationId: string; visitorId: string }>;
  waitForStatus(callId: string, status: CallStatus, timeoutMs?: number): Promise<CallRecord>;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

export async function startVoiceHarness(
  env: Record<string, string>,
  opts: { clock?: Clock; simulatorHttpUrl?: string } = {},
): Promise<VoiceHarness> {
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    VOICE_CALLBACK_SECRET: 'x'.repeat(16) + randomUUID(),
    ...env,
  });
  const store = await openStore(config.store, silentLogger);
  const app = express();
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const voice = createVoice({
    config,
    store,
    clock: opts.clock ?? systemClock,
    logger: silentLogger,
    localBaseUrl: () => baseUrl,
    ...(opts.simulatorHttpUrl ? { simulatorHttpUrl: opts.simulatorHttpUrl } : {}),
  });
  app.use('/voice', voice.router);

  const observed = new Observed<VoiceHarness['changes'][number]>();
  voice.service.onStatus(({ conversationId, call }) =>
    observed.push({ conversationId, callId: call.id, status: call.status }),
  );

  return {
    config,
    voice,
    store,
    baseUrl,
    changes: observed.items,
    async newConversation() {
      const now = Date.now();
      const visitorId = randomUUID();
      const conversationId = randomUUID();
      await store.createVisitor({ id: visitorId, tokenHash: randomUUID(), locale: 'en', now });
      await store.createConversation({ id: conversationId, visitorId, channel: 'web', state: 'bot', data: {}, now });
      return { conversationId, visitorId };
    },
    async waitForStatus(callId, status, timeoutMs = 15_000) {
      await observed.waitFor((c) => c.callId === callId && c.status === status, {
        what: `call ${callId} ${status}`,
        timeoutMs,
        describe: (c) => c.status,
        relevant: (c) => c.callId === callId,
      });
      const call = await store.getCall(callId);
      if (call === undefined) throw new Error(`call ${callId} vanished`);
      return call;
    },
    async close() {
      await voice.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}

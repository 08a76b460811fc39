/**
 * For the supervisor page's tests: the router over a real SQLite store in a temporary directory, on a real HTTP
 * server on port 0, with a clock fixed at `now` so the default date range is known.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { loadConfig } from '../config/index.js';
import { systemClock, type Store } from '../domain/ports.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';
import { isSurveyStore, type SurveyRecord, type SurveyStore } from './model.js';
import { FailedAttempts } from './failed-attempts.js';
import { supervisorRouter } from './supervisor-routes.js';

export interface SupervisorFixture {
  url: string;
  store: Store & SurveyStore;
  survey(rec: Partial<SurveyRecord> & { rating: number; createdAt: number }): Promise<void>;
  close(): Promise<void>;
}

export async function startSupervisorFixture(tokens: string[], now: number): Promise<SupervisorFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-supervisor-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, LOG_LEVEL: 'silent' });
  const logger = createLogger(config.server);
  const store = await openStore(config.store, logger);
  if (!isSurveyStore(store)) throw new Error('the SQLite store keeps surveys');
  const app = express();
  app.use(
    '/operator',
    supervisorRouter({
      store,
      clock: { ...systemClock, now: () => now },
      operatorTokens: tokens,
      logger,
      attempts: new FailedAttempts(() => now),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  let n = 0;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    async survey(rec) {
      await store.saveSurvey({
        conversationId: `c${++n}`,
        comment: '',
        agentId: '5001',
        agentName: 'Alice Agent',
        skillset: 'WC_Default_Skillset',
        ...rec,
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

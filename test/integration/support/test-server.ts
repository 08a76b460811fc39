/**
 * Starts a real Parley server for integration tests: real SQLite store in a temp dir, in-process
 * fanout, the scripted test bot and a scripted contact center, listening on port 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../bot-server/src/config/index.js';
import { ScriptedBot } from '../../../bot-server/src/domain/testing/scripted-bot.js';
import { ScriptedContactCenter } from '../../../bot-server/src/domain/testing/scripted-contact-center.js';
import { MemoryFanout } from '../../../bot-server/src/fanout/memory.js';
import { createLogger } from '../../../bot-server/src/logger.js';
import { createServer, type ServerDeps } from '../../../bot-server/src/server.js';
import { openStore } from '../../../bot-server/src/store/index.js';

export async function startTestServer(env: Record<string, string> = {}, deps: Partial<ServerDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-it-'));
  const config = loadConfig({
    LISTENING_HTTP_PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '1000',
    ...env,
  });
  const logger = deps.logger ?? createLogger(config.server);
  const store = await openStore(config.store, logger);
  const fanout = new MemoryFanout();
  const cc = new ScriptedContactCenter();
  const bot = new ScriptedBot();
  const srv = createServer(config, { store, bot, contactCenter: cc, fanout, ...deps, logger });
  const url = await srv.listen();
  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    origin: url,
    srv,
    store,
    cc,
    bot,
    /** Resolves once exactly `n` sockets are open, every close fully processed by the gateway; fails after the deadline. */
    untilOpenSockets(n: number, timeoutMs = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = (size: number) => {
          if (size !== n) return;
          off();
          clearTimeout(timer);
          resolve();
        };
        const off = srv.gateway.onSizeChange(check);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`timed out waiting for ${n} open sockets; ${srv.gateway.size} are open`));
        }, timeoutMs);
        check(srv.gateway.size);
      });
    },
    async close() {
      await srv.close();
      await cc.close();
      await fanout.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

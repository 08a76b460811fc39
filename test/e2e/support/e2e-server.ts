/**
 * One real Parley server per suite, started exactly as `npm start` runs it (bot-server/src/main.ts
 * with the built-in AACC simulator), plus a client for the simulator's control API.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { startSmtpPeer, type SmtpPeer } from '../../support/smtp-peer.js';
import { launchBrowser, requireWidgetBuild } from './browser.js';
import { SimClient } from './sim-client.js';

export interface E2eServer {
  server: ServerProcess;
  sim: SimClient;
  baseUrl: string;
  /** The agent desktop page of the simulator. */
  desktopUrl: string;
  stop(): Promise<void>;
}

/** Starts the server (failing clearly if the widget is not built) and waits for the simulator. */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  requireWidgetBuild();
  const server = await startServerProcess(env);
  const sim = new SimClient(server.simUrl);
  try {
    await sim.waitReady();
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\nserver output:\n${server.output()}`);
  }
  return {
    server,
    sim,
    baseUrl: server.baseUrl,
    desktopUrl: `${server.simUrl}/agent/`,
    stop: async () => {
      await server.stop();
    },
  };
}

/**
 * A server and a browser for the tests of the calling file or describe block: started before them, closed after.
 * With `smtp`, a real SMTP peer too, started first and given to the server as SMTP_URL. Read the fields inside tests
 * (they are set once `before` has run).
 */
export function serverAndBrowser(env?: Record<string, string>): { env: E2eServer; browser: Browser };
export function serverAndBrowser(
  env: Record<string, string>,
  opts: { smtp: true },
): { env: E2eServer; browser: Browser; smtp: SmtpPeer };
export function serverAndBrowser(
  env: Record<string, string> = {},
  opts: { smtp?: boolean } = {},
): { env: E2eServer; browser: Browser; smtp?: SmtpPeer } {
  const suite = {} as { env: E2eServer; browser: Browser; smtp?: SmtpPeer };
  before(async () => {
    if (opts.smtp) suite.smtp = await startSmtpPeer();
    const smtpUrl: Record<string, string> = suite.smtp ? { SMTP_URL: suite.smtp.url } : {};
    // Both kept even when the other fails, so that after() stops what did start (a browser left running kept the
    // file's process alive until the runner's time limit).
    const [server, browser] = await Promise.allSettled([startE2eServer({ ...env, ...smtpUrl }), launchBrowser()]);
    if (server.status === 'fulfilled') suite.env = server.value;
    if (browser.status === 'fulfilled') suite.browser = browser.value;
    if (server.status === 'rejected') throw server.reason;
    if (browser.status === 'rejected') throw browser.reason;
  });
  after(async () => {
    await suite.browser?.close();
    await suite.env?.stop();
    await suite.smtp?.close();
  });
  return suite;
}

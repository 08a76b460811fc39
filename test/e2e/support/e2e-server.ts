/**
 * One real Parley server per suite, started exactly as `npm start` runs it (bot-server/src/main.ts
 * with the built-in AACC simulator), plus a client for the simulator's control API.
 */
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { requireWidgetBuild } from './browser.js';
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

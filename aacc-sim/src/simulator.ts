import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CallbackService } from './callbacks/callback-service.js';
import { createControl, type SimControl } from './control/sim-control.js';
import { AGENT_WS_PATH, AgentSocketServer } from './desktop-server/agent-socket.js';
import { EWC_PATH, EwcServer } from './ewc/ewc-server.js';
import { createApp } from './http/app.js';
import { ContactCenter } from './model/contact-center.js';
import { StateFile } from './model/sim-state.js';
import { resolveOptions, type SimOptions } from './options.js';

/** A running simulator. */
export interface Simulator {
  /** http(s)://host:port */
  readonly httpUrl: string;
  /** ws(s)://host:port/CustomerControllerWeb/chat */
  readonly ewcUrl: string;
  /** http(s)://host:port/agent/ */
  readonly desktopUrl: string;
  readonly control: SimControl;
  /** Stop listening, drop every socket, stop every timer. */
  close(): Promise<void>;
  /** Drop every socket and refuse upgrades for `restartDowntimeMs`; chats stay resumable unless `restartKeepsSessions: false`. */
  restart(): Promise<void>;
}

/** Start the AACC simulator (EWC WebSocket, REST, control API and agent desktop on one port). */
export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const opts = resolveOptions(options);
  const model = new ContactCenter(opts);
  const stateFile = opts.stateFile ? new StateFile(opts.stateFile, () => model.exportState()) : undefined;
  const saved = stateFile?.load();
  if (saved) model.importState(saved);
  const markDirty = () => stateFile?.dirty();
  if (stateFile) model.events.on('event', markDirty);
  const ewc = new EwcServer(model, opts);
  const callbacks = new CallbackService(model, opts);
  let restarting: Promise<void> | undefined;
  const restart = (): Promise<void> => {
    restarting ??= (async () => {
      ewc.refuseConnections(true);
      ewc.dropAll();
      if (!opts.restartKeepsSessions) for (const c of model.openChats()) model.expire(c);
      await new Promise<void>((resolve) => opts.clock.schedule(opts.restartDowntimeMs, resolve));
      ewc.refuseConnections(false);
    })().finally(() => {
      restarting = undefined;
    });
    return restarting;
  };
  const control = createControl({ model, ewc, callbacks, restart });
  const agentSockets = new AgentSocketServer(model, control, {
    richResponses: opts.richResponses,
    clock: opts.clock,
    reconnectGraceMs: opts.desktopReconnectGraceMs,
  });
  const app = createApp({ model, callbacks, control, logger: opts.logger });

  const server: Server = opts.tls
    ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, app)
    : createHttpServer(app);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path === EWC_PATH) ewc.handleUpgrade(req, socket, head);
    else if (path === AGENT_WS_PATH) agentSockets.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const httpUrl = `${opts.tls ? 'https' : 'http'}://${host}:${port}`;
  opts.logger.info({ port }, 'aacc simulator listening');

  let closing: Promise<void> | undefined;
  return {
    httpUrl,
    ewcUrl: `${opts.tls ? 'wss' : 'ws'}://${host}:${port}${EWC_PATH}`,
    desktopUrl: `${httpUrl}/agent/`,
    control,
    restart,
    close() {
      closing ??= (async () => {
        // Saved as it is now: the sockets dropped below must not make the chats look abandoned.
        stateFile?.flush();
        model.events.off('event', markDirty);
        ewc.close();
        agentSockets.close();
        callbacks.close();
        model.dispose();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

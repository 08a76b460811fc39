/**
 * Builds the server as a value: Express app + WebSocket gateway on ONE http(s) server, around a
 * ConversationService composed from the given adapters. main.ts composes real adapters and
 * listens; tests compose what they need and listen on port 0.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import type { WebSocketServer } from 'ws';
import { createAttachments, type MediaIntake } from './attachments/index.js';
import { createMessagingChannels, MESSAGING_BASE_PATH, type MessagingChannels } from './channels/messaging/index.js';
import type { TemplateCatalogue } from './channels/sunshine/templates.js';
import type { Config } from './config/index.js';
import { ConversationService } from './domain/conversation-service.js';
import type { MessagingStore } from './domain/messaging-ports.js';
import { fanoutOutbound } from './domain/outbound.js';
import {
  systemClock,
  type BotEngine,
  type Clock,
  type ContactCenter,
  type Fanout,
  type Store,
  type VoiceService,
} from './domain/ports.js';
import type { Logger } from './logger.js';
import { surveyRoutes } from './survey/index.js';
import { transcriptRoutes } from './transcripts/index.js';
import { baseHeaders, createHttpApp, writeError } from './transport/http.js';
import { MEDIA_PATH_PREFIX, mediaBaseOf, mediaRouter, richCommands, type RichCatalogue } from './rich/index.js';
import { createOriginPolicy } from './transport/origin.js';
import type { SharedLimits } from './transport/rate-limit.js';
import { WsGateway } from './transport/ws-gateway.js';
import { messageInboxOf } from './messages/index.js';

export interface ServerDeps {
  store: Store;
  bot: BotEngine;
  contactCenter: ContactCenter;
  fanout: Fanout;
  voice?: VoiceService;
  logger: Logger;
  clock?: Clock;
  /** Defaults: <repo>/widget/dist and <repo>/demo-site/public. */
  widgetDir?: string;
  demoDir?: string;
  helloTimeoutMs?: number;
  /** WebSocket budgets that outlive a connection (createLimits: Redis-shared when REDIS_URL is set). */
  limits?: SharedLimits;
  /** Extra routers, e.g. `{ path: '/voice', router }` for provider status callbacks. */
  routes?: ReadonlyArray<{ path: string; router: express.Router }>;
  /** Messaging channels (when AGGREGATOR_URL is set): the WhatsApp template catalogue, test switches. */
  messaging?: { templates?: TemplateCatalogue; inboxPaused?: boolean; fetch?: typeof fetch; random?: () => number };
  /** Rich responses agents send with `/rich CODE`. */
  rich?: RichCatalogue | undefined;
}

export interface ParleyServer {
  app: express.Express;
  server: Server;
  wss: WebSocketServer;
  gateway: WsGateway;
  service: ConversationService;
  /** WhatsApp, Messenger and X through the aggregator; undefined when AGGREGATOR_URL is unset. */
  messaging: MessagingChannels | undefined;
  /** Listen on LISTENING_IP and the port for LISTENING_PROTO; resolves with the base URL. */
  listen(): Promise<string>;
  /** The base URL once listening, e.g. http://127.0.0.1:8080. */
  url(): string;
  /** Graceful: stop accepting, close sockets with 4503, finish queued work. Does not close the deps. */
  close(): Promise<void>;
}

const repoPath = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

export function createServer(config: Config, deps: ServerDeps): ParleyServer {
  const s = config.server;
  const clock = deps.clock ?? systemClock;
  // The server's own URL is known once it listens: links to channel files made before then never happen.
  const localBase = () => url();
  const mediaBase = mediaBaseOf(s, localBase);
  const attachments = createAttachments(config, { store: deps.store, clock, logger: deps.logger, localBase });
  const messaging = messagingOf(config, deps, clock, attachments?.intake);
  const service = new ConversationService({
    store: deps.store,
    bot: deps.bot,
    contactCenter: deps.contactCenter,
    fanout: deps.fanout,
    ...(messaging ? { outbound: messaging.around(fanoutOutbound(deps.fanout)) } : {}),
    clock,
    logger: deps.logger,
    ...(deps.voice ? { voice: deps.voice } : {}),
    ...(deps.rich ? { agentCommands: richCommands(deps.rich, mediaBase) } : {}),
    ...messageInboxOf(config.aftercare),
    settings: {
      sendAgentJoinInfo: config.ewc.SEND_AGENT_JOIN_INFO,
      sendAgentName: config.ewc.SEND_AGENT_NAME,
      defaultSkillset: config.ewc.DEFAULT_SKILLSET ?? 'WC_Default_Skillset',
      requestTranscript: config.ewc.EWC_REQUEST_TRANSCRIPT,
      defaultLocale: s.DEFAULT_LOCALE,
      defaultCountry: s.DEFAULT_COUNTRY,
      queueOfferAfterMs: config.aftercare.QUEUE_OFFER_MESSAGE_AFTER * 1000,
    },
  });

  let port = 0;
  const origins = createOriginPolicy(s, () => port);
  const wsScheme = s.LISTENING_PROTO === 'https' ? 'wss' : 'ws';
  const app = createHttpApp({
    config: s,
    service,
    store: deps.store,
    contactCenter: deps.contactCenter,
    logger: deps.logger,
    widgetDir: deps.widgetDir ?? repoPath('widget/dist'),
    demoDir: deps.demoDir ?? repoPath('demo-site/public'),
    wsScheme,
    origins,
    routes: [
      ...(deps.routes ?? []),
      ...(attachments?.routes((id, clientMsgId, content, address) =>
        service.postCustomerContent(id, clientMsgId, content, address),
      ) ?? []),
      ...(messaging ? [{ path: MESSAGING_BASE_PATH, router: messaging.router }] : []),
      ...surveyRoutes(config, { store: deps.store, clock, logger: deps.logger }),
      ...transcriptRoutes(config, { store: deps.store, logger: deps.logger }),
      ...(deps.rich ? [{ path: MEDIA_PATH_PREFIX, router: mediaRouter(deps.rich.file) }] : []),
    ],
    mediaBase,
    ...(messaging ? { messagingHealth: () => messaging.health() } : {}),
  });
  messaging?.attach(service);

  const fast = messaging?.webhookFastPath({
    headers: baseHeaders,
    fail: (res, err) => writeError(res, err, deps.logger),
  });
  const handle: RequestListener = fast ? (req, res) => void (fast(req, res) || app(req, res)) : app;
  const server =
    s.LISTENING_PROTO === 'https'
      ? createHttpsServer(
          {
            cert: readFileSync(s.LISTENING_SSL_CERT_PATH as string),
            key: readFileSync(s.LISTENING_SSL_PEM_PATH as string),
          },
          handle,
        )
      : createHttpServer(handle);
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const gateway = new WsGateway({
    config: s,
    service,
    fanout: deps.fanout,
    origins,
    logger: deps.logger,
    clock,
    ...(deps.limits ? { limits: deps.limits } : {}),
    ...(deps.helloTimeoutMs ? { helloTimeoutMs: deps.helloTimeoutMs } : {}),
  });
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));

  const url = () => {
    const ip = s.LISTENING_IP ?? '127.0.0.1';
    const host = ip.includes(':') ? `[${ip}]` : ip;
    return `${s.LISTENING_PROTO}://${host}:${port}`;
  };

  return {
    app,
    server,
    wss: gateway.wss,
    gateway,
    service,
    messaging,
    url,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(
          s.LISTENING_PROTO === 'https' ? s.LISTENING_HTTPS_PORT : s.LISTENING_HTTP_PORT,
          s.LISTENING_IP ?? '127.0.0.1',
          () => {
            server.off('error', reject);
            port = (server.address() as AddressInfo).port;
            resolve(url());
          },
        );
      }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close(s.SHUTDOWN_GRACE_MS);
      server.closeIdleConnections();
      await service.drain();
      await messaging?.close();
      attachments?.close();
      service.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

function isMessagingStore(store: Store): store is Store & MessagingStore {
  return typeof (store as Partial<MessagingStore>).insertInbox === 'function';
}

function messagingOf(
  config: Config,
  deps: ServerDeps,
  clock: Clock,
  media: MediaIntake | undefined,
): MessagingChannels | undefined {
  if (!config.aggregator.AGGREGATOR_URL) return undefined;
  const { store } = deps;
  if (!isMessagingStore(store)) throw new Error('the messaging channels need a store with the messaging tables');
  const m = deps.messaging ?? {};
  return createMessagingChannels({
    config,
    store,
    contactCenter: deps.contactCenter,
    clock,
    logger: deps.logger,
    templates: m.templates,
    ...(media ? { media } : {}),
    ...(m.inboxPaused ? { inboxPaused: true } : {}),
    ...(m.fetch ? { fetch: m.fetch } : {}),
    ...(m.random ? { random: m.random } : {}),
  });
}

/**
 * The AACC Enterprise Web Chat gateway: Parley's ContactCenter implementation.
 * One EwcSession (and at most one upstream socket) per escalated conversation.
 * See ../README.md for the protocol, the state machine and the guarantees.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import WebSocket, { type ClientOptions } from 'ws';
import type { EwcConfig } from '../../config/index.js';
import type { Clock, ContactCenter, ContactCenterEvent, EscalationRequest, Store } from '../../domain/ports.js';
import { ParleyError } from '../../errors.js';
import { FarewellJobs } from './farewell-jobs.js';
import { AttemptHealth } from './health.js';
import { AvailabilityProbe } from './probe.js';
import { EWC_PROVIDER, parseSessionData } from './persisted-session.js';
import { buildIntrinsics } from './request-mapping.js';
import { EwcSession, type SessionDeps } from './session.js';
import { type EwcTimings, resolveTimings } from './timings.js';

export { EWC_PROVIDER } from './persisted-session.js';
export { DEFAULT_EWC_TIMINGS, type EwcTimings } from './timings.js';

/** Largest EWC frame accepted from AACC (agent text is <= 4045 characters). */
const EWC_MAX_PAYLOAD = 64 * 1024;
const HANDSHAKE_TIMEOUT_MS = 10_000;

const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
/** Sent as requestChat deviceType. */
export const DEVICE_TYPE = `Parley/${version}`;

/** Opens the upstream socket of one conversation (the id lets a wrapper fence it: see ha/). */
export type WsFactory = (url: string, options: ClientOptions, conversationId: string) => WebSocket;

/** The gateway, plus letting go of one chat without ending it (another instance takes it over). */
export interface EwcContactCenter extends ContactCenter {
  detach(conversationId: string): Promise<void>;
}

/** The production socket constructor (tests wrap it to count attempts). */
export const defaultWsFactory = (url: string, options: ClientOptions): WebSocket => new WebSocket(url, options);

export interface EwcContactCenterDeps {
  config: EwcConfig;
  /** EWC endpoint, e.g. wss://aacc:8445/CustomerControllerWeb/chat (or the simulator's ewcUrl). */
  url: string;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Socket constructor; tests may wrap it to count or fail attempts. */
  wsFactory?: WsFactory;
  /** Protocol-convention timings; DEFAULT_EWC_TIMINGS for whatever is not given (tests shrink them). */
  timings?: Partial<EwcTimings>;
  /**
   * Socket constructor for farewells (default: wsFactory). With leases (ha/) the chat's lease is gone once it failed:
   * a farewell is fenced by its own job claim instead, so it is given unfenced sockets.
   */
  farewellWsFactory?: WsFactory;
  /** This instance, as owner of the farewells it runs (default: a fresh id per gateway). */
  instanceId?: string;
  /** Probe AACC actively (probe.ts) from creation on; health then follows the probe. The server turns it on. */
  probe?: boolean;
}

/**
 * Create the gateway. Reads EWC_CA_PATH once, here (a PEM bundle trusted for wss; certificate
 * verification is never disabled). Nothing connects until start() or recover().
 */
export function createEwcContactCenter(deps: EwcContactCenterDeps): EwcContactCenter {
  const { config, url, store, clock } = deps;
  const logger = deps.logger.child({ component: 'ewc' });
  const socketOptions = clientOptions(config);
  const factory: WsFactory = deps.wsFactory ?? defaultWsFactory;
  const sessions = new Map<string, EwcSession>();
  const listeners = new Set<(event: ContactCenterEvent) => void>();
  const health = new AttemptHealth(3);
  const timings = resolveTimings(deps.timings);
  let closed = false;
  const farewellFactory = deps.farewellWsFactory ?? factory;
  const farewells = new FarewellJobs({
    jobs: store,
    owner: deps.instanceId ?? `ewc-${randomBytes(6).toString('hex')}`,
    clock,
    logger,
    timings,
    deviceType: DEVICE_TYPE,
    openSocket: (conversationId) => farewellFactory(url, socketOptions, conversationId),
  });
  const probe = deps.probe
    ? new AvailabilityProbe(
        // Not through deps.wsFactory: that one may be fenced per conversation (ha/), and a probe has none.
        () => defaultWsFactory(url, socketOptions),
        clock,
        timings.probeEveryMs,
        timings.probeTimeoutMs,
        logger,
      )
    : undefined;
  probe?.start();

  const emit = (event: ContactCenterEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        logger.error(
          { err: err instanceof Error ? err.name : 'unknown', event: event.type },
          'contact-center listener threw',
        );
      }
    }
  };

  /** Create and register a session; it unregisters itself when it finishes. */
  const open = (conversationId: string, make: (d: SessionDeps) => EwcSession): EwcSession => {
    const created: EwcSession = make({
      conversationId,
      config,
      timings,
      clock,
      logger,
      store,
      deviceType: DEVICE_TYPE,
      openSocket: () => factory(url, socketOptions, conversationId),
      emit,
      recordAttempt: (ok) => health.record(ok),
      abandon: (resume, data) =>
        farewells.begin({
          conversationId,
          resume,
          intrinsics: buildIntrinsics(data.request, config.DEFAULT_SKILLSET),
          texts: [...data.inflight, ...data.pending].map((t) => t.text),
        }),
      onFinished: () => {
        if (sessions.get(conversationId) === created) sessions.delete(conversationId);
      },
    });
    sessions.set(conversationId, created);
    return created;
  };

  const live = (conversationId: string): EwcSession | undefined => {
    const s = sessions.get(conversationId);
    return s !== undefined && !s.finished ? s : undefined;
  };

  return {
    name: EWC_PROVIDER,

    async start(req: EscalationRequest): Promise<void> {
      if (closed) throw new ParleyError('PARLEY_ERR_SHUTTING_DOWN');
      if (live(req.conversationId) !== undefined) {
        logger.debug({ conversationId: req.conversationId }, 'escalation already running; start ignored');
        return;
      }
      await open(req.conversationId, (d) => EwcSession.create(d, req)).start();
    },

    async sendMessage(conversationId: string, text: string, clientMsgId: string): Promise<void> {
      const s = live(conversationId);
      if (s === undefined)
        throw new ParleyError('PARLEY_ERR_ILLEGAL_TRANSITION', 'No escalation is running for this conversation.');
      await s.sendMessage(text, clientMsgId);
    },

    sendTyping(conversationId: string): void {
      live(conversationId)?.sendTyping();
    },

    async end(conversationId: string): Promise<void> {
      const s = live(conversationId);
      if (s !== undefined) {
        await s.end();
        return;
      }
      // Not running here (e.g. never recovered): forget the persisted session anyway.
      await store.deleteContactCenterSession(conversationId);
    },

    async recover(): Promise<void> {
      if (closed) return;
      // Farewells a previous run or a dead instance left (their claims handed back or lapsed).
      await farewells.adopt().catch((err: unknown) => logger.warn({ err }, 'EWC farewells not adopted'));
      for (const rec of await store.listContactCenterSessions(EWC_PROVIDER)) {
        if (live(rec.conversationId) !== undefined) continue;
        const data = parseSessionData(rec.data);
        const guid = Number(rec.externalId);
        if (data === undefined || !Number.isSafeInteger(guid)) {
          logger.warn({ conversationId: rec.conversationId }, 'unreadable EWC session record dropped');
          await store.deleteContactCenterSession(rec.conversationId);
          continue;
        }
        if (rec.secret === '') {
          // AACC never issued an authenticationKey for this chat (see frames.ts): it cannot be resumed.
          logger.warn({ conversationId: rec.conversationId }, 'EWC chat without authenticationKey cannot be resumed');
          await store.deleteContactCenterSession(rec.conversationId);
          emit({ type: 'failed', conversationId: rec.conversationId, reason: 'unreachable' });
          continue;
        }
        open(rec.conversationId, (d) => EwcSession.restore(d, data, guid, rec.secret)).recover();
      }
    },

    onEvent(listener: (event: ContactCenterEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    health() {
      // The probe knows when AACC is back; session attempts only tell while customers escalate.
      return probe?.status() ?? health.status();
    },

    async detach(conversationId: string): Promise<void> {
      await sessions.get(conversationId)?.detach();
    },

    async close(): Promise<void> {
      closed = true;
      probe?.stop();
      await farewells.close();
      await Promise.all([...sessions.values()].map((s) => s.detach()));
      sessions.clear();
      listeners.clear();
    },
  };
}

/** ws client options: CA bundle, Origin, payload cap, handshake timeout, no compression. */
function clientOptions(config: EwcConfig): ClientOptions {
  const options: ClientOptions = {
    maxPayload: EWC_MAX_PAYLOAD,
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    perMessageDeflate: false,
  };
  if (config.EWC_CA_PATH !== undefined) {
    try {
      options.ca = readFileSync(config.EWC_CA_PATH);
    } catch (err) {
      throw new ParleyError(
        'PARLEY_ERR_CONFIG',
        `EWC_CA_PATH cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (config.EWC_ORIGIN !== undefined) options.origin = config.EWC_ORIGIN;
  return options;
}

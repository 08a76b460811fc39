/**
 * Composition of voice escalation from Config: the dialer chosen by DIALER, the VoiceService over it,
 * and the /voice router for the provider's status callbacks. main.ts calls createVoice once and
 * mounts `router` at /voice.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Router } from 'express';
import type { Config } from '../config/index.js';
import type { Clock, Dialer, Store } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { type AaccCallbackDialer, callbackBaseFromEwcUrl, createAaccCallbackDialer } from './aacc-callback-dialer.js';
import type { VoiceLogger } from './provider-http.js';
import { createVoiceRouter } from './routes.js';
import { createTwilioDialer, type TwilioDialer } from './twilio-dialer.js';
import { createVoiceService, type SettlingVoiceService } from './voice-service.js';

export interface VoiceModuleDeps {
  config: Pick<Config, 'server' | 'ewc' | 'voice'> & { bot: Pick<Config['bot'], 'HOLIDAYS'> };
  store: Store;
  clock: Clock;
  logger: VoiceLogger;
  /** This server's own base URL once it listens (e.g. http://127.0.0.1:8080); the last-resort callback base. */
  localBaseUrl: () => string;
  /** This instance, as owner of the scheduled calls it claims (default: a fresh id per process). */
  instanceId?: string;
  /** How often to look for scheduled Twilio calls that fell due (default 5 s). */
  schedulePollMs?: number;
  /** http(s) URL of the built-in AACC simulator, when EWC_WEBSOCKET_URL is unset and main.ts started one. */
  simulatorHttpUrl?: string;
}

export interface VoiceModule {
  service: SettlingVoiceService;
  dialer: Dialer;
  /** Mount at /voice. */
  router: Router;
  /** AACC callbacks: the catch-up at start (status reports missed while down); resolves with the calls read. */
  caughtUp: Promise<number>;
  close(): Promise<void>;
}

/**
 * Public origin providers use to reach /voice: VOICE_STATUS_CALLBACK_BASE, else PUBLIC_PROTO://PUBLIC_IP[:port],
 * else this server's local address.
 */
export function statusCallbackBase(config: Pick<Config, 'server' | 'voice'>, localBaseUrl: () => string): string {
  if (config.voice.VOICE_STATUS_CALLBACK_BASE) return config.voice.VOICE_STATUS_CALLBACK_BASE;
  const s = config.server;
  if (s.PUBLIC_IP) {
    const port = s.PUBLIC_PROTO === 'https' ? s.PUBLIC_HTTPS_PORT : s.PUBLIC_HTTP_PORT;
    return `${s.PUBLIC_PROTO}://${s.PUBLIC_IP}${port ? `:${port}` : ''}`;
  }
  return localBaseUrl().replace(/\/$/, '');
}

export function createVoice(deps: VoiceModuleDeps): VoiceModule {
  const { config, store, clock, logger } = deps;
  const v = config.voice;
  const base = () => statusCallbackBase(config, deps.localBaseUrl);
  const timeoutMs = v.VOICE_PROVIDER_TIMEOUT_MS;

  let dialer: Dialer;
  let router: Router;
  let aaccDialer: AaccCallbackDialer | undefined;
  let twilioDialer: TwilioDialer | undefined;
  if (v.DIALER === 'twilio') {
    const {
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: from,
      AACC_ROUTE_POINT: routePoint,
    } = v;
    if (!accountSid || !authToken || !from || !routePoint)
      throw new ParleyError(
        'PARLEY_ERR_CONFIG',
        'DIALER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM and AACC_ROUTE_POINT.',
      );
    const twilio = createTwilioDialer({
      accountSid,
      authToken,
      apiBase: v.TWILIO_API_BASE ?? 'https://api.twilio.com',
      from,
      routePoint,
      statusCallbackUrl: () => `${base()}/voice/twilio/status`,
      timeoutMs,
      clock,
      logger,
      jobs: store,
      instanceId: deps.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      ...(deps.schedulePollMs !== undefined ? { schedulePollMs: deps.schedulePollMs } : {}),
    });
    twilioDialer = twilio;
    dialer = twilio;
    router = createVoiceRouter({ twilio: { dialer: twilio, authToken, publicBaseUrl: base }, logger });
  } else {
    const aaccBase =
      v.AACC_CALLBACK_URL ??
      (config.ewc.EWC_WEBSOCKET_URL ? callbackBaseFromEwcUrl(config.ewc.EWC_WEBSOCKET_URL) : deps.simulatorHttpUrl);
    if (!aaccBase)
      throw new ParleyError(
        'PARLEY_ERR_CONFIG',
        'DIALER=aacc-callback needs AACC_CALLBACK_URL or EWC_WEBSOCKET_URL (or the built-in simulator).',
      );
    const secret = v.VOICE_CALLBACK_SECRET ?? randomBytes(32).toString('base64url');
    if (!v.VOICE_CALLBACK_SECRET)
      logger.warn(
        'VOICE_CALLBACK_SECRET is unset: using a per-process secret (status reports for calls placed before a restart will be rejected)',
      );
    const aacc = createAaccCallbackDialer({
      baseUrl: aaccBase,
      statusCallbackUrl: () => `${base()}/voice/aacc/status`,
      secret,
      timeoutMs,
      clock,
      logger,
    });
    dialer = aacc;
    aaccDialer = aacc;
    router = createVoiceRouter({ aacc: { dialer: aacc, secret, clock }, logger });
  }

  const service = createVoiceService({
    config: { ...v, TIMEZONE: config.server.TIMEZONE, HOLIDAYS: config.bot.HOLIDAYS },
    store,
    dialer,
    clock,
    logger,
  });
  // After the service subscribed to the dialer: scheduled calls that fell due while Parley was down are dialled now,
  // and what AACC reported while Parley was down is applied now.
  twilioDialer?.start();
  const catchUp = aaccDialer;
  const caughtUp = catchUp
    ? store
        .listOpenCalls(catchUp.name)
        .then((open) => catchUp.catchUp(open))
        .catch((err: unknown) => {
          logger.warn({ err }, 'aacc callback catch-up failed');
          return 0;
        })
    : Promise.resolve(0);
  return {
    service,
    dialer,
    router,
    caughtUp,
    async close() {
      await caughtUp;
      service.close();
      // Status reports already received are written before the owner closes the store.
      await service.settled();
      await dialer.close();
    },
  };
}

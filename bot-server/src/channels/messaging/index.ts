/**
 * The messaging channels wired together (the wiring guide of ../README.md): the aggregator client, the webhook route
 * and its inbox worker, the outbound that renders into the outbox and the outbox worker, and the domain's entry
 * point. Built in two steps because the conversation service needs the outbound and the entry point needs the
 * service: `createMessagingChannels` before the service, `attach(service)` after it.
 */
import type { Config } from '../../config/index.js';
import type { ConversationService } from '../../domain/conversation-service.js';
import { MessagingService, type MessagingMedia } from '../../domain/messaging.js';
import type { InboxRecord, MessagingQueue, MessagingStore } from '../../domain/messaging-ports.js';
import type { Outbound } from '../../domain/outbound.js';
import type { Clock, ContactCenter, Store } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';
import { createSunshineClient, type SunshineClient } from '../sunshine/client.js';
import { formWords } from '../sunshine/form-words.js';
import type { TemplateCatalogue } from '../sunshine/templates.js';
import type { MediaIntake } from '../../attachments/media-intake.js';
import { instanceName } from '../../ha/index.js';
import { ClaimedKeys } from './claimed-keys.js';
import { formFieldValidator } from './field-validator.js';
import { InboxWorker } from './inbox-worker.js';
import { leanFetch } from './lean-fetch.js';
import { MESSAGING_CHANNELS, MessagingOutbound } from './outbound.js';
import { AgentNotices } from './notices.js';
import { OutboxWorker } from './outbox-worker.js';
import { interpretReply } from './reply.js';
import { webhookFastPath, webhookRouter, type FastPathHttp } from './webhook-route.js';

export { MESSAGING_BASE_PATH } from './webhook-route.js';

export interface MessagingChannelsDeps {
  config: Config;
  store: Store & MessagingStore;
  contactCenter: ContactCenter;
  clock: Clock;
  logger: ServiceLogger;
  templates?: TemplateCatalogue | undefined;
  /** Customers' pictures and files go through the attachment pipeline; without it they reach nobody. */
  media?: MediaIntake;
  /** Start with the inbox worker paused (tests of a crash between the 2xx and the processing). */
  inboxPaused?: boolean;
  /** This instance's name in claims (several instances on PostgreSQL) [HA_INSTANCE_ID or the host, made unique]. */
  instanceId?: string;
  random?: () => number;
  fetch?: typeof fetch;
}

export interface MessagingChannels {
  readonly router: ReturnType<typeof webhookRouter>;
  /** The webhook handled before express (see webhook-route.ts): true when it took the request. */
  webhookFastPath(http: FastPathHttp): ReturnType<typeof webhookFastPath>;
  readonly outbound: MessagingOutbound;
  readonly inbox: InboxWorker;
  readonly outbox: OutboxWorker;
  readonly client: SunshineClient;
  /** Web delivery for the widget's conversations, messaging delivery for the others. */
  around(web: Outbound): Outbound;
  attach(service: ConversationService): void;
  health(): Promise<{ aggregator: { url: string; state: string }; inbox: number; outbox: number }>;
  close(): Promise<void>;
  /** Stops the workers without handing their claims over, as a killed instance would (tests of a takeover). */
  abandon(): Promise<void>;
}

/** An aggregator call without an answer within this long is retried. */
const CLIENT_TIMEOUT_MS = 10_000;

export function createMessagingChannels(deps: MessagingChannelsDeps): MessagingChannels {
  const { config, store, clock, logger } = deps;
  const a = config.aggregator;
  if (!a.AGGREGATOR_URL || !a.AGGREGATOR_APP_ID || !a.AGGREGATOR_KEY_ID || !a.AGGREGATOR_SECRET)
    throw new Error('messaging channels need AGGREGATOR_URL, AGGREGATOR_APP_ID, AGGREGATOR_KEY_ID, AGGREGATOR_SECRET');
  const baseUrl = a.AGGREGATOR_URL;
  const lean = deps.fetch ? undefined : leanFetch({ timeoutMs: CLIENT_TIMEOUT_MS });
  const client = createSunshineClient({
    baseUrl,
    appId: a.AGGREGATOR_APP_ID,
    keyId: a.AGGREGATOR_KEY_ID,
    secret: a.AGGREGATOR_SECRET,
    now: () => clock.now(),
    fetch: deps.fetch ?? lean!.fetch,
    timeoutMs: CLIENT_TIMEOUT_MS,
    fetchTimesOut: lean !== undefined,
  });
  const defaultLocale = config.server.DEFAULT_LOCALE;
  const notices = new AgentNotices({ store, contactCenter: deps.contactCenter, clock, logger });
  const claimsOf = claimsFor(deps);
  const outbox = new OutboxWorker({
    ...claimsOf('outbox'),
    store,
    client,
    clock,
    logger,
    ...(deps.random ? { random: deps.random } : {}),
    onFailed: (row, reason) => notices.tell(row.conversationId, `A message could not be delivered (${reason}).`),
  });
  const outbound = new MessagingOutbound({
    store,
    client,
    notices,
    clock,
    logger,
    templates: deps.templates,
    defaultLocale,
    enqueued: (records) => outbox.accept(records),
  });
  const validate = formFieldValidator({
    defaultCountry: config.server.DEFAULT_COUNTRY,
    zone: config.server.TIMEZONE,
    now: () => clock.now(),
    maxFutureMs: config.voice.VOICE_MAX_SCHEDULE_DAYS * 86_400_000,
  });
  let messaging: MessagingService | undefined;
  const inbox = new InboxWorker({
    ...claimsOf('inbox'),
    store,
    clock,
    logger,
    paused: deps.inboxPaused === true,
    handle: (event) => {
      if (!messaging) throw new Error('messaging is not attached to the conversation service yet');
      return messaging.handle(event);
    },
  });
  const routeDeps = {
    secrets: a.AGGREGATOR_WEBHOOK_SECRET,
    maxBytes: a.AGGREGATOR_WEBHOOK_MAX_BYTES,
    store,
    clock,
    logger,
    stored: (records: InboxRecord[]) => inbox.accept(records),
  };
  const router = webhookRouter(routeDeps);

  return {
    router,
    webhookFastPath: (http) => webhookFastPath(routeDeps, http),
    outbound,
    inbox,
    outbox,
    client,
    around: (web) => ({
      message: (m) => (m.channel && MESSAGING_CHANNELS.has(m.channel) ? outbound.message(m) : web.message(m)),
      view: (id, view) => web.view(id, view),
      typing: (id, author) => {
        web.typing(id, author);
        outbound.typing(id, author);
      },
    }),
    attach(service) {
      messaging = new MessagingService({
        store,
        service,
        clock,
        logger,
        defaultLocale,
        channel: {
          read: (state, event, locale) => {
            const r = interpretReply(state, event, validate, formWords(locale));
            if (r.kind === 'nothing') return r;
            const renderState = r.state as Record<string, unknown>;
            return r.kind === 'customer'
              ? { kind: 'customer', content: r.content, renderState }
              : { kind: 'prompt', prompt: r.prompt, renderState };
          },
          prompt: (conversationId, content) => outbound.prompt(conversationId, content),
          exclusive: (conversationId, task) => outbound.exclusive(conversationId, task),
          deliveryFailed: (conversationId, words) => notices.tell(conversationId, words),
          ...(deps.media ? { media: mediaSide(deps.media, notices, outbound) } : {}),
          conversationOfMessage: async (id) => (await store.getOutboxByExternalId(id))?.conversationId,
        },
      });
      inbox.start();
      outbox.start();
    },
    async health() {
      const depths = await store.messagingDepths();
      return { aggregator: { url: baseUrl, state: outbox.aggregatorState }, ...depths };
    },
    async close() {
      await inbox.close();
      await outbound.idle();
      await outbox.close();
      lean?.close();
    },
    async abandon() {
      await Promise.all([inbox.abandon(), outbox.abandon()]);
      lean?.close();
    },
  };
}

/**
 * Claims per customer and per conversation when the database is PostgreSQL, which several instances may share (see
 * claimed-keys.ts); their timings are the session leases' (HA_LEASE_TTL_MS, HA_LEASE_RENEW_MS), so a dead instance's
 * customers and chats move within the same bound. An SQLite file is one instance's: no claims, no cost per webhook.
 */
function claimsFor(deps: MessagingChannelsDeps): (queue: MessagingQueue) => { claims?: ClaimedKeys } {
  const { config, store, clock, logger } = deps;
  if (!/^postgres(ql)?:\/\//.test(config.store.DATABASE_URL)) return () => ({});
  const owner = deps.instanceId ?? instanceName(config.ha);
  const { HA_LEASE_TTL_MS: ttlMs, HA_LEASE_RENEW_MS: renewMs } = config.ha;
  const timings = { ttlMs, renewMs, pollMs: Math.min(renewMs, 500) };
  return (queue) => ({ claims: new ClaimedKeys({ queue, store, owner, clock, logger, timings }) });
}

/** A customer's file through the pipeline; a refusal is told to the customer and, marked as Parley's, to the agent. */
function mediaSide(intake: MediaIntake, notices: AgentNotices, outbound: MessagingOutbound): MessagingMedia {
  return {
    take: (conversationId, file) => intake.take({ ...file, conversationId }),
    refused: async (conversationId, words) => {
      await outbound.prompt(conversationId, { type: 'text', text: words });
      await notices.tell(conversationId, `The customer's file was refused: ${words}`);
    },
  };
}

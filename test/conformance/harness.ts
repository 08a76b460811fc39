/**
 * Gateway-vs-simulator harness: a real AACC simulator on port 0, the real SQLite store in memory,
 * the real EWC gateway with small timer settings, and an event log with waiting helpers.
 */
import { pino } from 'pino';
import { type SimOptions, type Simulator, startSimulator } from '@parley/aacc-sim';
import { type Config, loadConfig } from '../../bot-server/src/config/index.js';
import {
  createEwcContactCenter,
  type EwcTimings,
  type WsFactory,
} from '../../bot-server/src/contact-center/ewc/index.js';
import {
  type Clock,
  type ContactCenter,
  type ContactCenterEvent,
  type EscalationRequest,
  type Store,
  systemClock,
} from '../../bot-server/src/domain/ports.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { eventually, Observed } from '../support/waiters.js';

export { eventually };

export const silent = pino({ level: 'silent' });

export interface Harness {
  sim: Simulator;
  store: Store;
  config: Config['ewc'];
  /** Every event of every gateway, in order. */
  gateway: ContactCenter;
  events: ContactCenterEvent[];
  /** A second gateway on the same store (a restarted bot server). */
  newGateway(): ContactCenter;
  waitEvent<T extends ContactCenterEvent['type']>(
    conversationId: string,
    type: T,
    predicate?: (e: Extract<ContactCenterEvent, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ContactCenterEvent, { type: T }>>;
  /** Create the visitor and conversation rows an escalation belongs to; returns the request. */
  conversation(conversationId: string, over?: Partial<EscalationRequest>): Promise<EscalationRequest>;
  /** The AACC guid of a conversation's chat (from the persisted session). */
  guidOf(conversationId: string): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sim?: SimOptions;
  env?: Record<string, string>;
  /** The gateway's clock; a ManualClock lets a test drive every gateway timer. */
  clock?: Clock;
  wsFactory?: WsFactory;
  timings?: Partial<EwcTimings>;
}

export function escalation(conversationId: string, over: Partial<EscalationRequest> = {}): EscalationRequest {
  return {
    conversationId,
    customer: { name: `Customer ${conversationId}`, phone: '+441234567890', email: `${conversationId}@example.com` },
    skillset: 'WC_Default_Skillset',
    customFields: [
      { title: 'Bot summary', value: 'Asked about a refund' },
      { title: 'Intent', value: 'billing.refund' },
    ],
    requestTranscript: false,
    ...over,
  };
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...opts.sim });
  const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, silent);
  const config = loadConfig({
    wsReconnectMaxAttempt: '3',
    wsReconnectInterval: '150',
    EWC_PING_INTERVAL: '1000',
    agentWaitInterval: '60000',
    chatIdleInterval: '60000',
    ...opts.env,
  }).ewc;
  const observed = new Observed<ContactCenterEvent>();
  const gateways: ContactCenter[] = [];
  const newGateway = (): ContactCenter => {
    const gw = createEwcContactCenter({
      config,
      url: sim.ewcUrl,
      store,
      clock: opts.clock ?? systemClock,
      logger: silent,
      ...(opts.wsFactory ? { wsFactory: opts.wsFactory } : {}),
      ...(opts.timings ? { timings: opts.timings } : {}),
    });
    gw.onEvent((e) => observed.push(e));
    gateways.push(gw);
    return gw;
  };
  const gateway = newGateway();

  return {
    sim,
    store,
    config,
    gateway,
    events: observed.items,
    newGateway,
    waitEvent(conversationId, type, predicate = () => true, timeoutMs = 10_000) {
      type E = Extract<ContactCenterEvent, { type: typeof type }>;
      return observed.waitFor(
        (e): e is E => e.conversationId === conversationId && e.type === type && predicate(e as never),
        {
          what: `${type} on ${conversationId}`,
          timeoutMs,
          describe: (e) => e.type,
          relevant: (e) => e.conversationId === conversationId,
        },
      );
    },
    async conversation(conversationId, over) {
      const now = Date.now();
      await store.createVisitor({ id: `v-${conversationId}`, tokenHash: `hash-${conversationId}`, locale: 'en', now });
      await store.createConversation({
        id: conversationId,
        visitorId: `v-${conversationId}`,
        channel: 'web',
        state: 'escalation_requested',
        data: {},
        now,
      });
      return escalation(conversationId, over);
    },
    async guidOf(conversationId) {
      const rec = await store.getContactCenterSession(conversationId);
      if (rec === undefined) throw new Error(`no persisted EWC session for ${conversationId}`);
      return Number(rec.externalId);
    },
    async close() {
      for (const gw of gateways) await gw.close();
      await sim.close();
      await store.close();
    },
  };
}

/** Log in and make agents ready (password from the simulator's default seed). */
export async function readyAgents(sim: Simulator, ...ids: string[]): Promise<void> {
  for (const id of ids) {
    await sim.control.login(id, 'agent');
    await sim.control.setReady(id, true);
  }
}

/** Wait for the chat of a guid to be offered to an agent, and answer it. Returns the contact id. */
export async function answerChat(sim: Simulator, guid: number, agentId?: string): Promise<string> {
  await eventually(() => sim.control.contactByGuid(guid).offeredTo !== undefined, 10_000, `offer of chat ${guid}`);
  const contact = sim.control.contactByGuid(guid);
  await sim.control.answer(agentId ?? (contact.offeredTo as string), contact.id);
  return contact.id;
}

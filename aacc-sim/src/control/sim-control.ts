import type { CallbackService, CallbackView } from '../callbacks/callback-service.js';
import { SimError } from '../errors.js';
import type { EwcServer } from '../ewc/ewc-server.js';
import type { ContactCenter, TransferTarget } from '../model/contact-center.js';
import type { SimEvent, SimEventOf, SimEvents, SimEventType } from '../model/events.js';
import type { AgentSnapshot, ContactSnapshot, OutboxEntry } from '../model/types.js';

/**
 * Drives the simulated contact center from tests, the HTTP control API and the agent desktop.
 * Agent actions reject with {@link SimError} on misuse; queries are synchronous snapshots.
 */
export interface SimControl {
  login(agentId: string, password: string): Promise<void>;
  logout(agentId: string): Promise<void>;
  setReady(agentId: string, ready: boolean): Promise<void>;
  answer(agentId: string, contactId: string): Promise<void>;
  say(agentId: string, contactId: string, text: string): Promise<void>;
  /** Resolves false when the pulse was throttled. */
  typing(agentId: string, contactId: string): Promise<boolean>;
  pushUrl(agentId: string, contactId: string, url: string): Promise<void>;
  transfer(agentId: string, contactId: string, target: TransferTarget): Promise<void>;
  conference(agentId: string, contactId: string, otherAgentId: string): Promise<void>;
  leave(agentId: string, contactId: string): Promise<void>;
  close(agentId: string, contactId: string): Promise<void>;
  observe(supervisorId: string, contactId: string): Promise<void>;
  contacts(): ContactSnapshot[];
  contact(contactId: string): ContactSnapshot;
  /** The contact of a chat guid. */
  contactByGuid(guid: number): ContactSnapshot;
  agents(): AgentSnapshot[];
  outbox(): OutboxEntry[];
  callback(callbackId: string): CallbackView;
  /** Next event of a type (optionally matching `filter`), or the next event matching a predicate. */
  waitFor<T extends SimEventType>(
    type: T,
    timeoutMs?: number,
    filter?: (e: SimEventOf<T>) => boolean,
  ): Promise<SimEventOf<T>>;
  waitFor(predicate: (e: SimEvent) => boolean, timeoutMs?: number): Promise<SimEvent>;
  /** 'event' for every SimEvent, plus one channel per event type (typed: listeners get that type's payload). */
  readonly events: SimEvents;
  dropSocket(guid: number): void;
  stall(guid: number, ms: number): void;
  expireSession(guid: number): void;
  refuseConnections(on: boolean): void;
  restart(): Promise<void>;
}

export interface ControlDeps {
  model: ContactCenter;
  ewc: EwcServer;
  callbacks: CallbackService;
  restart: () => Promise<void>;
}

/** Build the {@link SimControl} over the running parts of a simulator. */
export function createControl({ model, ewc, callbacks, restart }: ControlDeps): SimControl {
  // A throwing model call becomes a rejected promise, as the interface promises.
  const act = <T>(fn: () => T): Promise<T> => new Promise<T>((resolve) => resolve(fn()));
  const { desk } = model;
  const liveSession = (guid: number) => {
    const session = ewc.session(guid);
    if (!session) throw new SimError('conflict', `No customer socket for guid ${guid}`);
    return session;
  };
  function waitFor(
    what: SimEventType | ((e: SimEvent) => boolean),
    timeoutMs = 5000,
    filter?: (e: never) => boolean,
  ): Promise<SimEvent> {
    const match =
      typeof what === 'function' ? what : (e: SimEvent) => e.type === what && (!filter || filter(e as never));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        model.events.off('event', listener);
        reject(new Error(`waitFor(${typeof what === 'string' ? what : 'predicate'}) timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (e: SimEvent) => {
        if (!match(e)) return;
        clearTimeout(timer);
        model.events.off('event', listener);
        resolve(e);
      };
      model.events.on('event', listener);
    });
  }
  return {
    login: (id, pw) => act(() => desk.login(id, pw)),
    logout: (id) => act(() => desk.logout(id)),
    setReady: (id, ready) => act(() => desk.setReady(id, ready)),
    answer: (id, c) => act(() => desk.answer(id, c)),
    say: (id, c, text) => act(() => desk.say(id, c, text)),
    typing: (id, c) => act(() => desk.typing(id, c)),
    pushUrl: (id, c, url) => act(() => desk.pushUrl(id, c, url)),
    transfer: (id, c, target) => act(() => desk.transfer(id, c, target)),
    conference: (id, c, other) => act(() => desk.conference(id, c, other)),
    leave: (id, c) => act(() => desk.leave(id, c)),
    close: (id, c) => act(() => desk.close(id, c)),
    observe: (id, c) => act(() => desk.observe(id, c)),
    contacts: () => model.contactsSnapshot(),
    contact: (id) => model.snapshot(model.get(id)),
    contactByGuid: (guid) => model.snapshot(model.byGuidOf(guid)),
    agents: () => model.agentsSnapshot(),
    outbox: () => model.outbox.map((e) => ({ ...e })),
    callback: (id) => callbacks.get(id),
    waitFor,
    events: model.events,
    dropSocket: (guid) => liveSession(guid).terminate(),
    stall: (guid, ms) => liveSession(guid).stall(ms),
    expireSession: (guid) => model.expire(model.byGuidOf(guid)),
    refuseConnections: (on) => ewc.refuseConnections(on),
    restart,
  };
}

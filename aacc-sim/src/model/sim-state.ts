/**
 * The simulator's live state as a small JSON document: the open chats (with their EWC guid and session key, so a
 * restarted simulator accepts the gateway's resume), the agents' sign-in and Ready state, and the id counters.
 * `StateFile` keeps it in a file (mode 0600: it holds session keys) after every change and loads it at start, so
 * restarting the demo (`npm start`) does not end live chats. Closed contacts, voice callbacks, the outbox and
 * timers are not kept: a restored chat waits for its customer to resume, for `resumeWindowMs`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ContactFlow } from './contact-flow.js';
import type { Contact } from './types.js';

export interface SimState {
  v: 1;
  counters: { nextId: number; nextGuid: number };
  agents: Array<{ id: string; loggedIn: boolean; ready: boolean }>;
  chats: Contact[];
}

export function exportState(flow: ContactFlow): SimState {
  return {
    v: 1,
    counters: flow.contacts.counters(),
    agents: flow.agents.all().map((a) => ({ id: a.id, loggedIn: a.loggedIn, ready: a.ready })),
    chats: flow.contacts.openChats().map((c) => structuredClone(c)),
  };
}

/**
 * Put a saved state back into a fresh model: agents signed in as they were, each chat held by its agents or
 * queued again (an offer is withdrawn), every customer disconnected until they resume.
 */
export function importState(flow: ContactFlow, state: SimState, onRestored: (contact: Contact) => void): void {
  for (const saved of state.agents) {
    const agent = flow.agents.all().find((a) => a.id === saved.id);
    if (!agent) continue;
    agent.loggedIn = saved.loggedIn;
    agent.ready = saved.loggedIn && saved.ready;
  }
  flow.contacts.setCounters(state.counters);
  for (const saved of state.chats) {
    const contact: Contact = { ...saved, customerConnected: false };
    // Supervisors only observed: they sign in again and observe again if they want to.
    contact.participants = contact.participants.filter((p) => p.type !== 'supervisor');
    flow.contacts.adopt(contact);
    if (contact.state === 'active') for (const p of contact.participants) flow.agents.hold(p.id, contact.id);
    else {
      contact.state = 'queued';
      delete contact.offeredTo;
      flow.queues.add(contact, false);
    }
    onRestored(contact);
  }
  flow.route();
}

/** Keeps the state in `path`: loaded once, written (atomically) whenever `dirty()` was called since the last write. */
export class StateFile {
  private pending = false;

  constructor(
    private readonly path: string,
    private readonly read: () => SimState,
  ) {}

  /** The saved state, or undefined when there is none (or it is unreadable: the simulator starts empty). */
  load(): SimState | undefined {
    try {
      const state = JSON.parse(readFileSync(this.path, 'utf8')) as SimState;
      return state.v === 1 && Array.isArray(state.chats) && Array.isArray(state.agents) ? state : undefined;
    } catch {
      return undefined;
    }
  }

  /** Something changed: write soon (coalesced; several changes in one turn make one write). */
  dirty(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.pending = false;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.read()), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

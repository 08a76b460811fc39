import { SimError, chatNotStarted } from '../errors.js';
import type { ResolvedOptions, SkillsetSeed } from '../options.js';
import { AgentDesk } from './agent-desk.js';
import type { AgentRegistry } from './agents.js';
import { ContactFlow } from './contact-flow.js';
import type { SimEvents } from './events.js';
import { numberKey } from './phone.js';
import type { QueueMetric } from './queues.js';
import { serves } from './routing.js';
import { exportState, importState, type SimState } from './sim-state.js';
import type { AgentSnapshot, Contact, ContactSnapshot, Customer, OutboxEntry } from './types.js';

export { MAX_MESSAGE_CHARS, type TransferTarget } from './agent-desk.js';
export type { QueueMetric } from './queues.js';

/**
 * The simulated contact center: skillsets, agents, per-skillset queues, routing to the longest-idle ready
 * agent, chat and voice contacts with transcripts. Transport-free: the EWC server, REST and the desktop
 * observe {@link ContactCenter.events}, call the customer side here and the agent side on {@link desk}.
 * Misuse throws {@link SimError}.
 */
export class ContactCenter {
  /** What agents do (login, Ready, answer, say, transfer, ...). */
  readonly desk: AgentDesk;
  private readonly flow: ContactFlow;

  constructor(opts: ResolvedOptions) {
    this.flow = new ContactFlow(opts);
    this.desk = new AgentDesk(this.flow);
  }

  /** Emits 'event' for every {@link SimEvent} and the event's `type`. */
  get events(): SimEvents {
    return this.flow.events;
  }

  get agents(): AgentRegistry {
    return this.flow.agents;
  }

  get outbox(): readonly OutboxEntry[] {
    return this.flow.outbox;
  }

  // Customer side (chat)

  /** A queued chat (not routed until {@link submit}); `bad_request` for an unknown skillset, `limit` per customer. */
  createChat(input: { skillset?: string | undefined; customer: Customer; requestTranscript: boolean }): Contact {
    const skillset = input.skillset || (this.flow.skillsetsOf('chat')[0]?.name ?? '');
    if (this.flow.skillset(skillset)?.kind !== 'chat')
      throw new SimError('bad_request', `Unknown skillset ${skillset}`);
    const customerKey = (input.customer.email || input.customer.phone || input.customer.name).toLowerCase();
    const open = this.flow.contacts.openChats().filter((c) => c.customerKey === customerKey).length;
    if (customerKey && open >= this.flow.opts.maxChatsPerCustomer) {
      throw new SimError('limit', 'Concurrent chats limit per customer reached');
    }
    const contact = this.flow.contacts.create('chat', skillset, input.customer, customerKey, this.flow.now());
    contact.requestTranscript = input.requestTranscript;
    return contact;
  }

  /** Queue a chat made by {@link createChat} for routing (once the customer side is ready for events). */
  submit(contact: Contact): void {
    if (contact.state === 'queued' && !this.flow.queues.includes(contact)) this.flow.enqueue(contact, false);
  }

  /** The open chat with this guid and key (constant-time compare), or a `session_invalid` error. */
  resume(guid: number, authKey: string): Contact {
    return this.flow.contacts.resume(guid, authKey);
  }

  /** The contact of a guid, or a `not_found` error. */
  byGuidOf(guid: number): Contact {
    return this.flow.contacts.byGuidOf(guid);
  }

  customerConnected(contact: Contact, resumed: boolean): void {
    this.flow.clearTimer(contact, 'resume');
    contact.customerConnected = true;
    // Replayed on this resume: what the agent wrote meanwhile does reach the customer now.
    if (resumed && this.flow.opts.replayOnResume) for (const t of contact.transcript) delete t.undelivered;
    this.flow.emit({ ...this.flow.ref(contact), type: 'customer_connected', resumed });
  }

  /** The customer's socket went away: the chat stays resumable for `resumeWindowMs`, then is abandoned. */
  customerDisconnected(contact: Contact): void {
    contact.customerConnected = false;
    if (contact.state === 'closed') return;
    this.flow.emit({ ...this.flow.ref(contact), type: 'customer_disconnected' });
    this.flow.setTimer(contact, 'resume', this.flow.opts.resumeWindowMs, () => this.flow.finish(contact, 'abandoned'));
  }

  /** Customer text; `not_started` when the chat is over (or early and early messages are rejected). */
  customerMessage(contact: Contact, text: string): void {
    if (contact.state === 'closed') throw chatNotStarted();
    const hasAgent = contact.participants.some((p) => p.type !== 'supervisor');
    if (!hasAgent && this.flow.opts.earlyMessages === 'reject') throw chatNotStarted();
    contact.transcript.push({ from: 'customer', name: contact.customer.name, text, at: this.flow.now() });
    this.flow.emit({ ...this.flow.ref(contact), type: 'customer_message', text });
  }

  customerTyping(contact: Contact): void {
    if (contact.state !== 'closed') this.flow.emit({ ...this.flow.ref(contact), type: 'customer_typing' });
  }

  customerPushUrl(contact: Contact, url: string, destination: string): void {
    if (contact.state === 'closed') return;
    const text = `Pushed page: ${url}`;
    contact.transcript.push({ from: 'customer', name: contact.customer.name, text, at: this.flow.now() });
    this.flow.emit({ ...this.flow.ref(contact), type: 'customer_push_url', url, destination });
  }

  customerClose(contact: Contact): void {
    if (contact.state !== 'closed') this.flow.finish(contact, 'customer');
  }

  /** Position (1-based; 0 once offered or answered) and estimated wait in seconds. */
  queueStatus(contact: Contact): { positionInQueue: number; estimatedWaitTime: number } {
    const position = contact.state === 'queued' ? this.flow.queues.position(contact) : 0;
    const capacity = this.agents.all().filter((a) => serves(a, contact.skillset)).length;
    return { positionInQueue: position, estimatedWaitTime: this.flow.handleTime.estimate(position, capacity) };
  }

  /** `currentqueue` metrics for one skillset or (empty name) every chat skillset. */
  metrics(skillset: string): QueueMetric[] {
    const names = skillset ? [skillset] : this.skillsetsOf('chat').map((s) => s.name);
    return names
      .filter((n) => this.flow.skillset(n))
      .map((name) => {
        const serving = this.agents.all().filter((a) => serves(a, name));
        return {
          queueName: name,
          customersInQueue: this.flow.queues.size(name),
          availableAgentsInQueue: serving.length,
          maxConcurrentChats: serving.reduce((sum, a) => sum + a.maxChats, 0),
        };
      });
  }

  skillsetsOf(kind: 'chat' | 'voice'): SkillsetSeed[] {
    return this.flow.skillsetsOf(kind);
  }

  // Voice (callbacks)

  /** A callback becomes a voice contact, queued at `dueAt` (or now). */
  createVoice(input: { callbackId: string; skillset: string; customer: Customer; dueAt: number }): Contact {
    if (this.flow.skillset(input.skillset)?.kind !== 'voice')
      throw new SimError('bad_request', `Unknown voice skillset ${input.skillset}`);
    const customerKey = numberKey(input.customer);
    const contact = this.flow.contacts.create('voice', input.skillset, input.customer, customerKey, this.flow.now());
    contact.callbackId = input.callbackId;
    contact.dueAt = input.dueAt;
    const delay = input.dueAt - this.flow.now();
    if (delay > 0) {
      contact.state = 'scheduled';
      this.flow.callbackStatus(contact, 'scheduled');
      this.flow.setTimer(contact, 'due', delay, () => this.flow.enqueue(contact, false));
    } else {
      this.flow.enqueue(contact, false);
    }
    return contact;
  }

  /** Cancel a callback that has not connected yet. */
  cancelVoice(contactId: string): void {
    const contact = this.get(contactId);
    if (contact.state === 'closed' || contact.state === 'connected') {
      throw new SimError('conflict', `Callback ${contact.callbackId ?? contactId} can no longer be cancelled`);
    }
    this.flow.finish(contact, 'customer', undefined, 'cancelled');
  }

  // Queries and faults

  /** End a contact for a fault or a restart (no frames to the customer). */
  expire(contact: Contact): void {
    if (contact.state !== 'closed') this.flow.finish(contact, 'expired');
  }

  openChats(): Contact[] {
    return this.flow.contacts.openChats();
  }

  /** The contact, or a `not_found` error. */
  get(contactId: string): Contact {
    return this.flow.contacts.get(contactId);
  }

  snapshot(contact: Contact): ContactSnapshot {
    return this.flow.contacts.snapshot(contact);
  }

  contactsSnapshot(): ContactSnapshot[] {
    return this.flow.contacts.all().map((c) => this.snapshot(c));
  }

  agentsSnapshot(): AgentSnapshot[] {
    return this.agents.all().map((a) => this.agents.snapshot(a));
  }

  /** Stop every timer (simulator shutdown). */
  /** The live state to save (sim-state.ts). */
  exportState(): SimState {
    return exportState(this.flow);
  }

  /** Restore a saved state into this fresh model; each chat waits for its customer to resume. */
  importState(state: SimState): void {
    importState(this.flow, state, (contact) => this.customerDisconnected(contact));
  }

  dispose(): void {
    this.flow.dispose();
  }
}

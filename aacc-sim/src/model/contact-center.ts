import { EventEmitter } from 'node:events';
import { randomBytes, randomInt } from 'node:crypto';
import { SimError } from '../errors.js';
import type { ResolvedOptions, SkillsetSeed } from '../options.js';
import { AgentRegistry, safeEqual } from './agents.js';
import type { SimEvent } from './events.js';
import { HandleTime } from './handle-time.js';
import { numberKey } from './phone.js';
import { renderTranscriptEmail } from './transcript-email.js';
import type {
  Agent,
  AgentSnapshot,
  CallbackStatus,
  ClosedBy,
  Contact,
  ContactSnapshot,
  Customer,
  OutboxEntry,
  Participant,
  VoiceOutcome,
} from './types.js';

/** Longest chat message accepted (Avaya Agent Desktop limit). */
export const MAX_MESSAGE_CHARS = 4045;

export type TransferTarget = { toAgentId: string } | { toSkillset: string };

export interface QueueMetric {
  queueName: string;
  customersInQueue: number;
  availableAgentsInQueue: number;
  maxConcurrentChats: number;
}

/**
 * The simulated contact center: skillsets, agents, per-skillset queues, routing to the longest-idle ready
 * agent, chat and voice contacts with transcripts. Transport-free: the EWC server, REST and the desktop
 * observe {@link ContactCenter.events} and call its methods.
 */
export class ContactCenter {
  /** Emits 'event' for every {@link SimEvent} and the event's `type`. */
  readonly events = new EventEmitter();
  readonly agents: AgentRegistry;
  readonly outbox: OutboxEntry[] = [];
  private readonly contacts = new Map<string, Contact>();
  private readonly byGuid = new Map<number, Contact>();
  private readonly queues = new Map<string, string[]>();
  private readonly skillsets = new Map<string, SkillsetSeed>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly handleTime: HandleTime;
  private nextContactId = 1;
  private nextGuid: number;
  private routing = false;
  private disposed = false;

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.events.setMaxListeners(0);
    this.agents = new AgentRegistry(opts, now());
    for (const s of opts.skillsets) {
      this.skillsets.set(s.name, s);
      this.queues.set(s.name, []);
    }
    this.handleTime = new HandleTime(opts.averageHandleSeconds);
    this.nextGuid = randomInt(100_000, 900_000);
  }

  // ---------------------------------------------------------------------------------------------
  // Customer side (chat)

  /** Create a queued chat; returns an error text for EWC (code 1) when refused. */
  createChat(input: {
    skillset?: string | undefined;
    customer: Customer;
    requestTranscript: boolean;
  }): Contact | string {
    const skillset = input.skillset || this.defaultSkillset('chat');
    if (this.skillsets.get(skillset)?.kind !== 'chat') return `Invalid message: Unknown skillset ${skillset}`;
    const customerKey = (input.customer.email || input.customer.phone || input.customer.name).toLowerCase();
    let open = 0;
    for (const c of this.contacts.values())
      if (c.kind === 'chat' && c.state !== 'closed' && c.customerKey === customerKey) open++;
    if (customerKey && open >= this.opts.maxChatsPerCustomer) {
      return 'Invalid message: Concurrent chats limit per customer reached';
    }
    const contact = this.newContact('chat', skillset, input.customer, customerKey);
    contact.requestTranscript = input.requestTranscript;
    return contact;
  }

  /** Queue a chat made by {@link createChat} for routing (once the customer side is ready for events). */
  submit(contact: Contact): void {
    if (contact.state === 'queued' && !this.queues.get(contact.skillset)?.includes(contact.id))
      this.enqueue(contact, false);
  }

  /** The open contact with this guid and key (constant-time compare), or undefined. */
  resume(guid: number, authKey: string): Contact | undefined {
    const contact = this.byGuid.get(guid);
    if (!contact || contact.state === 'closed' || !safeEqual(contact.authKey, authKey)) return undefined;
    return contact;
  }

  byGuidOf(guid: number): Contact | undefined {
    return this.byGuid.get(guid);
  }

  customerConnected(contact: Contact, resumed: boolean): void {
    this.clearTimer(`resume:${contact.id}`);
    contact.customerConnected = true;
    this.emit({ ...this.ref(contact), type: 'customer_connected', resumed });
  }

  /** The customer's socket went away: the chat stays resumable for `resumeWindowMs`, then is abandoned. */
  customerDisconnected(contact: Contact): void {
    contact.customerConnected = false;
    if (contact.state === 'closed') return;
    this.emit({ ...this.ref(contact), type: 'customer_disconnected' });
    this.setTimer(`resume:${contact.id}`, this.opts.resumeWindowMs, () => this.finish(contact, 'abandoned'));
  }

  /** Customer text; 'not_started' when the chat is over (or early and early messages are rejected). */
  customerMessage(contact: Contact, text: string): 'ok' | 'not_started' {
    if (contact.state === 'closed') return 'not_started';
    if (!this.hasAgent(contact) && this.opts.earlyMessages === 'reject') return 'not_started';
    contact.transcript.push({ from: 'customer', name: contact.customer.name, text, at: this.now() });
    this.emit({ ...this.ref(contact), type: 'customer_message', text });
    return 'ok';
  }

  customerTyping(contact: Contact): void {
    if (contact.state !== 'closed') this.emit({ ...this.ref(contact), type: 'customer_typing' });
  }

  customerPushUrl(contact: Contact, url: string, destination: string): void {
    if (contact.state === 'closed') return;
    contact.transcript.push({
      from: 'customer',
      name: contact.customer.name,
      text: `Pushed page: ${url}`,
      at: this.now(),
    });
    this.emit({ ...this.ref(contact), type: 'customer_push_url', url, destination });
  }

  customerClose(contact: Contact): void {
    if (contact.state !== 'closed') this.finish(contact, 'customer');
  }

  /** Position (1-based; 0 once offered or answered) and estimated wait in seconds. */
  queueStatus(contact: Contact): { positionInQueue: number; estimatedWaitTime: number } {
    const queue = this.queues.get(contact.skillset) ?? [];
    const position = contact.state === 'queued' ? queue.indexOf(contact.id) + 1 : 0;
    const capacity = this.agents.all().filter((a) => this.serves(a, contact.skillset)).length;
    return { positionInQueue: position, estimatedWaitTime: this.handleTime.estimate(position, capacity) };
  }

  /** `currentqueue` metrics for one skillset or (empty name) every chat skillset. */
  metrics(skillset: string): QueueMetric[] {
    const names = skillset
      ? [skillset]
      : [...this.skillsets.values()].filter((s) => s.kind === 'chat').map((s) => s.name);
    return names
      .filter((n) => this.skillsets.has(n))
      .map((name) => {
        const serving = this.agents.all().filter((a) => this.serves(a, name));
        return {
          queueName: name,
          customersInQueue: this.queues.get(name)?.length ?? 0,
          availableAgentsInQueue: serving.length,
          maxConcurrentChats: serving.reduce((sum, a) => sum + a.maxChats, 0),
        };
      });
  }

  skillsetsOf(kind: 'chat' | 'voice'): SkillsetSeed[] {
    return [...this.skillsets.values()].filter((s) => s.kind === kind);
  }

  // ---------------------------------------------------------------------------------------------
  // Voice (callbacks)

  /** A callback becomes a voice contact, queued at `dueAt` (or now). */
  createVoice(input: { callbackId: string; skillset: string; customer: Customer; dueAt: number }): Contact {
    if (this.skillsets.get(input.skillset)?.kind !== 'voice')
      throw new SimError('bad_request', `Unknown voice skillset ${input.skillset}`);
    const contact = this.newContact('voice', input.skillset, input.customer, numberKey(input.customer));
    contact.callbackId = input.callbackId;
    contact.dueAt = input.dueAt;
    const delay = input.dueAt - this.now();
    if (delay > 0) {
      contact.state = 'scheduled';
      this.callbackStatus(contact, 'scheduled');
      this.setTimer(`due:${contact.id}`, delay, () => this.enqueue(contact, false));
    } else {
      this.enqueue(contact, false);
    }
    return contact;
  }

  /** Cancel a callback that has not connected yet. */
  cancelVoice(contactId: string): void {
    const contact = this.get(contactId);
    if (contact.state === 'closed' || contact.state === 'connected') {
      throw new SimError('conflict', `Callback ${contact.callbackId ?? contactId} can no longer be cancelled`);
    }
    this.finish(contact, 'customer', undefined, 'cancelled');
  }

  // ---------------------------------------------------------------------------------------------
  // Agent side

  login(agentId: string, password: string): void {
    const agent = this.agents.login(agentId, password);
    this.emitAgent(agent);
  }

  logout(agentId: string): void {
    const agent = this.agents.loggedIn(agentId);
    const active = [...this.agents.held(agentId)].map((id) => this.get(id)).filter((c) => c.offeredTo !== agentId);
    if (active.length > 0) throw new SimError('conflict', `Agent ${agentId} still has ${active.length} contact(s)`);
    agent.ready = false;
    this.requeueOffers(agent);
    agent.loggedIn = false;
    this.emitAgent(agent);
  }

  setReady(agentId: string, ready: boolean): void {
    const agent = this.agents.loggedIn(agentId);
    if (agent.supervisor) throw new SimError('conflict', 'Supervisors are not routed contacts');
    if (agent.ready === ready) return;
    agent.ready = ready;
    if (ready) this.agents.markIdle(agent, this.now());
    else this.requeueOffers(agent);
    this.emitAgent(agent);
    this.route();
  }

  /** Accept an offered contact: chat -> newParticipant; voice -> connected. */
  answer(agentId: string, contactId: string): void {
    const agent = this.agents.loggedIn(agentId);
    const contact = this.get(contactId);
    if (contact.offeredTo !== agentId)
      throw new SimError('conflict', `Contact ${contactId} is not offered to ${agentId}`);
    contact.offeredTo = undefined;
    contact.answeredAt ??= this.now();
    if (contact.kind === 'voice') {
      this.clearTimer(`ring:${contact.id}`);
      contact.state = 'connected';
      contact.participants = [{ id: agent.id, name: agent.name, type: 'active_participant' }];
      this.emit({ ...this.ref(contact), type: 'contact_answered', agentId, kind: 'voice' });
      this.callbackStatus(contact, 'connected', agentId);
      return;
    }
    contact.state = 'active';
    this.join(contact, agent, 'active_participant');
    this.emit({ ...this.ref(contact), type: 'contact_answered', agentId, kind: 'chat' });
  }

  say(agentId: string, contactId: string, text: string): void {
    const { agent, contact } = this.participant(agentId, contactId, 'chat');
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_MESSAGE_CHARS) {
      throw new SimError('bad_request', `Message must be 1-${MAX_MESSAGE_CHARS} characters`);
    }
    contact.transcript.push({ from: 'agent', agentId, name: agent.name, text, at: this.now() });
    this.emit({ ...this.ref(contact), type: 'agent_message', agentId, name: agent.name, text });
  }

  /** Typing pulse; returns false when throttled (at most one per `agentTypingPulseMs`). */
  typing(agentId: string, contactId: string): boolean {
    const { agent, contact } = this.participant(agentId, contactId, 'chat');
    const last = agent.lastTypingPulse.get(contactId) ?? -Infinity;
    const now = this.now();
    if (now - last < this.opts.agentTypingPulseMs) return false;
    agent.lastTypingPulse.set(contactId, now);
    this.emit({ ...this.ref(contact), type: 'agent_typing', agentId, name: agent.name });
    return true;
  }

  pushUrl(agentId: string, contactId: string, url: string): void {
    const { agent, contact } = this.participant(agentId, contactId, 'chat');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SimError('bad_request', 'Invalid URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new SimError('bad_request', 'Only http(s) URLs can be pushed');
    contact.transcript.push({
      from: 'agent',
      agentId,
      name: agent.name,
      text: `Pushed page: ${parsed.href}`,
      at: this.now(),
    });
    this.emit({ ...this.ref(contact), type: 'agent_push_url', agentId, name: agent.name, url: parsed.href });
  }

  /** Transfer: the agent leaves (customer alone, on hold), then the contact is offered to an agent or requeued. */
  transfer(agentId: string, contactId: string, target: TransferTarget): void {
    const { agent, contact } = this.participant(agentId, contactId, 'active');
    if (contact.participants.some((p) => p.id !== agentId && p.type !== 'supervisor')) {
      throw new SimError('conflict', 'End the conference before transferring');
    }
    let toAgent: Agent | undefined;
    if ('toAgentId' in target) {
      toAgent = this.agents.loggedIn(target.toAgentId);
      if (toAgent.id === agentId || toAgent.supervisor) throw new SimError('bad_request', 'Invalid transfer target');
      if (this.agents.held(toAgent.id).size >= toAgent.maxChats)
        throw new SimError('conflict', `Agent ${toAgent.id} has no free slot`);
    } else if (this.skillsets.get(target.toSkillset)?.kind !== 'chat') {
      throw new SimError('bad_request', `Unknown chat skillset ${String(target.toSkillset)}`);
    }
    for (const p of contact.participants) if (p.id !== agentId) this.agents.release(p.id, contact.id);
    contact.participants = contact.participants.filter((p) => p.id === agentId);
    this.part(contact, agent, false);
    if (toAgent) {
      this.offer(contact, toAgent);
    } else if ('toSkillset' in target) {
      contact.skillset = target.toSkillset;
      this.enqueue(contact, true);
    }
    this.route();
  }

  /** Conference another agent in as a passive participant. */
  conference(agentId: string, contactId: string, otherAgentId: string): void {
    const { contact } = this.participant(agentId, contactId, 'active');
    const other = this.agents.loggedIn(otherAgentId);
    if (other.supervisor || contact.participants.some((p) => p.id === other.id))
      throw new SimError('conflict', 'Agent already present');
    if (this.agents.held(other.id).size >= other.maxChats)
      throw new SimError('conflict', `Agent ${other.id} has no free slot`);
    this.join(contact, other, 'passive_participant');
  }

  /** Leave a conference (or stop observing). The last agent must close or transfer instead. */
  leave(agentId: string, contactId: string): void {
    const contact = this.get(contactId);
    const me = contact.participants.find((p) => p.id === agentId);
    if (!me) throw new SimError('conflict', `Agent ${agentId} is not in contact ${contactId}`);
    const agents = contact.participants.filter((p) => p.type !== 'supervisor');
    if (me.type !== 'supervisor' && agents.length === 1)
      throw new SimError('conflict', 'The last agent must close or transfer');
    contact.participants = contact.participants.filter((p) => p.id !== agentId);
    if (me.type === 'active_participant') {
      const next = contact.participants.find((p) => p.type === 'passive_participant');
      if (next) next.type = 'active_participant';
    }
    this.part(contact, this.agents.get(agentId), false);
  }

  /** Agent ends the contact (chat: participantLeave endChatFlag:true; voice: completed, or no_answer when ringing). */
  close(agentId: string, contactId: string): void {
    const contact = this.get(contactId);
    if (contact.kind === 'voice' && contact.offeredTo === agentId) {
      this.finish(contact, 'agent', agentId, 'no_answer');
      return;
    }
    const { agent } = this.participant(agentId, contactId, 'any');
    if (contact.kind === 'chat') {
      this.emit({
        ...this.ref(contact),
        type: 'participant_left',
        agentId,
        name: agent.name,
        endChatFlag: true,
        participants: [],
      });
    }
    this.finish(contact, 'agent', agentId, 'completed');
  }

  /** A supervisor silently observes an active chat (participant type 'supervisor'). */
  observe(supervisorId: string, contactId: string): void {
    const sup = this.agents.loggedIn(supervisorId);
    if (!sup.supervisor) throw new SimError('conflict', `${supervisorId} is not a supervisor`);
    const contact = this.get(contactId);
    if (contact.kind !== 'chat' || contact.state !== 'active')
      throw new SimError('conflict', 'Only active chats can be observed');
    if (contact.participants.some((p) => p.id === sup.id)) throw new SimError('conflict', 'Already observing');
    this.join(contact, sup, 'supervisor');
  }

  /** End a contact for a fault or a restart (no frames to the customer). */
  expire(contact: Contact): void {
    if (contact.state !== 'closed') this.finish(contact, 'expired');
  }

  openChats(): Contact[] {
    return [...this.contacts.values()].filter((c) => c.kind === 'chat' && c.state !== 'closed');
  }

  get(contactId: string): Contact {
    const contact = this.contacts.get(contactId);
    if (!contact) throw new SimError('not_found', `Unknown contact ${contactId}`);
    return contact;
  }

  snapshot(contact: Contact): ContactSnapshot {
    const { authKey: _k, customerKey: _c, ...rest } = contact;
    return structuredClone(rest);
  }

  contactsSnapshot(): ContactSnapshot[] {
    return [...this.contacts.values()].map((c) => this.snapshot(c));
  }

  agentsSnapshot(): AgentSnapshot[] {
    return this.agents.all().map((a) => this.agents.snapshot(a));
  }

  /** Stop every timer (simulator shutdown). */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private newContact(kind: 'chat' | 'voice', skillset: string, customer: Customer, customerKey: string): Contact {
    const contact: Contact = {
      id: `C${this.nextContactId++}`,
      guid: this.nextGuid++,
      authKey: randomBytes(16).toString('hex'),
      kind,
      state: 'queued',
      skillset,
      customer,
      customerKey,
      requestTranscript: false,
      transcript: [],
      participants: [],
      queuedAt: this.now(),
      customerConnected: false,
    };
    this.contacts.set(contact.id, contact);
    this.byGuid.set(contact.guid, contact);
    return contact;
  }

  private defaultSkillset(kind: 'chat' | 'voice'): string {
    return this.skillsetsOf(kind)[0]?.name ?? '';
  }

  private serves(agent: Agent, skillset: string): boolean {
    return agent.loggedIn && agent.ready && !agent.supervisor && agent.skillsets.includes(skillset);
  }

  private hasAgent(contact: Contact): boolean {
    return contact.participants.some((p) => p.type !== 'supervisor');
  }

  /** The agent and contact, checking the agent takes part: 'any' kind, 'chat' only, or the chat's 'active' agent. */
  private participant(
    agentId: string,
    contactId: string,
    need: 'any' | 'chat' | 'active',
  ): { agent: Agent; contact: Contact } {
    const agent = this.agents.loggedIn(agentId);
    const contact = this.get(contactId);
    const me = contact.participants.find((p) => p.id === agentId);
    if (contact.state === 'closed' || !me || me.type === 'supervisor') {
      throw new SimError('conflict', `Agent ${agentId} is not handling contact ${contactId}`);
    }
    if (need !== 'any' && contact.kind !== 'chat') throw new SimError('conflict', 'Only chats support this');
    if (need === 'active' && me.type !== 'active_participant') {
      throw new SimError('conflict', 'Only the active agent of a chat can do this');
    }
    return { agent, contact };
  }

  private enqueue(contact: Contact, front: boolean): void {
    this.clearTimer(`due:${contact.id}`);
    contact.state = 'queued';
    contact.offeredTo = undefined;
    const queue = this.queues.get(contact.skillset);
    if (!queue) return;
    if (front) queue.unshift(contact.id);
    else queue.push(contact.id);
    if (contact.kind === 'voice') {
      this.callbackStatus(contact, 'dialling');
      if (!this.timers.has(`qto:${contact.id}`)) {
        this.setTimer(`qto:${contact.id}`, this.opts.voice.queueTimeoutMs, () => {
          if (contact.state === 'queued') this.finish(contact, 'system', undefined, 'failed');
        });
      }
    }
    this.emit({ ...this.ref(contact), type: 'contact_queued', skillset: contact.skillset, kind: contact.kind });
    this.route();
  }

  private dequeue(contact: Contact): void {
    const queue = this.queues.get(contact.skillset);
    const i = queue?.indexOf(contact.id) ?? -1;
    if (queue && i >= 0) queue.splice(i, 1);
  }

  /** Offer queued contacts to agents until nothing more can be placed. */
  private route(): void {
    if (this.routing) return;
    this.routing = true;
    try {
      const ordered = [...this.queues.entries()]
        .filter(([, q]) => q.length > 0)
        .sort(([, a], [, b]) => this.get(a[0]!).queuedAt - this.get(b[0]!).queuedAt);
      for (const [skillset, queue] of ordered) {
        for (const id of [...queue]) {
          const contact = this.get(id);
          const agent = this.agents.pick(skillset, (a) => contact.kind !== 'voice' || !this.holdsVoice(a));
          if (!agent) break;
          this.offer(contact, agent);
        }
      }
    } finally {
      this.routing = false;
    }
  }

  private holdsVoice(agent: Agent): boolean {
    return [...this.agents.held(agent.id)].some((id) => this.contacts.get(id)?.kind === 'voice');
  }

  private offer(contact: Contact, agent: Agent): void {
    this.dequeue(contact);
    this.clearTimer(`qto:${contact.id}`);
    contact.state = contact.kind === 'voice' ? 'ringing' : 'offered';
    contact.offeredTo = agent.id;
    this.agents.markIdle(agent, this.now());
    this.agents.hold(agent.id, contact.id);
    this.emit({ ...this.ref(contact), type: 'contact_offered', agentId: agent.id, kind: contact.kind });
    if (contact.kind === 'voice') {
      this.callbackStatus(contact, 'ringing', agent.id);
      this.setTimer(`ring:${contact.id}`, this.opts.voice.ringTimeoutMs, () =>
        this.finish(contact, 'system', agent.id, 'no_answer'),
      );
    } else if (this.opts.autoAnswer) {
      this.answer(agent.id, contact.id);
    }
  }

  private requeueOffers(agent: Agent): void {
    for (const id of this.agents.held(agent.id)) {
      const contact = this.get(id);
      if (contact.offeredTo !== agent.id) continue;
      this.clearTimer(`ring:${contact.id}`);
      this.agents.release(agent.id, id);
      contact.queuedAt = Math.min(contact.queuedAt, this.now());
      this.enqueue(contact, true);
    }
  }

  private join(contact: Contact, agent: Agent, role: Participant['type']): void {
    contact.participants.push({ id: agent.id, name: agent.name, type: role });
    this.agents.hold(agent.id, contact.id);
    this.emit({
      ...this.ref(contact),
      type: 'participant_joined',
      agentId: agent.id,
      name: agent.name,
      role,
      participants: contact.participants.map((p) => ({ ...p })),
    });
  }

  /** Remove the agent from the contact's participants and announce it (endChatFlag false). */
  private part(contact: Contact, agent: Agent, endChatFlag: boolean): void {
    contact.participants = contact.participants.filter((p) => p.id !== agent.id);
    this.agents.release(agent.id, contact.id);
    if (agent.ready) this.agents.markIdle(agent, this.now());
    this.emit({
      ...this.ref(contact),
      type: 'participant_left',
      agentId: agent.id,
      name: agent.name,
      endChatFlag,
      participants: contact.participants.map((p) => ({ ...p })),
    });
    this.route();
  }

  private finish(contact: Contact, by: ClosedBy, agentId?: string, outcome?: VoiceOutcome): void {
    if (contact.state === 'closed') return;
    for (const key of ['resume', 'ring', 'due', 'qto']) this.clearTimer(`${key}:${contact.id}`);
    this.dequeue(contact);
    const holders = new Set([
      ...contact.participants.map((p) => p.id),
      ...(contact.offeredTo ? [contact.offeredTo] : []),
    ]);
    for (const id of holders) {
      this.agents.release(id, contact.id);
      const agent = this.agents.get(id);
      if (agent.ready) this.agents.markIdle(agent, this.now());
    }
    contact.state = 'closed';
    contact.closedAt = this.now();
    contact.closedBy = by;
    contact.offeredTo = undefined;
    contact.participants = [];
    if (contact.answeredAt !== undefined) this.handleTime.add((contact.closedAt - contact.answeredAt) / 1000);
    if (contact.kind === 'voice') {
      contact.outcome =
        by === 'customer' ? 'cancelled' : (outcome ?? (contact.answeredAt !== undefined ? 'completed' : 'failed'));
      this.callbackStatus(contact, contact.outcome, agentId);
    }
    this.emit({ ...this.ref(contact), type: 'contact_closed', by, ...(agentId ? { agentId } : {}) });
    if (contact.kind === 'chat' && contact.requestTranscript && contact.customer.email) {
      const entry = renderTranscriptEmail(contact, this.now());
      this.outbox.push(entry);
      this.emit({ ...this.ref(contact), type: 'transcript_emailed', to: entry.to });
    }
    this.route();
  }

  private callbackStatus(contact: Contact, status: CallbackStatus, agentId?: string): void {
    if (!contact.callbackId) return;
    this.emit({
      ...this.ref(contact),
      type: 'callback_status',
      callbackId: contact.callbackId,
      status,
      ...(agentId ? { agentId } : {}),
    });
  }

  private ref(contact: Contact): { contactId: string; guid: number; at: number } {
    return { contactId: contact.id, guid: contact.guid, at: this.now() };
  }

  private emitAgent(agent: Agent): void {
    this.emit({ type: 'agent_state', at: this.now(), agentId: agent.id, loggedIn: agent.loggedIn, ready: agent.ready });
  }

  private emit(event: SimEvent): void {
    this.events.emit('event', event);
    this.events.emit(event.type, event);
  }

  private setTimer(key: string, ms: number, fn: () => void): void {
    this.clearTimer(key);
    if (this.disposed) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fn();
      }, ms),
    );
  }

  private clearTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }
}

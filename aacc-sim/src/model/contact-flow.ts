import type { ResolvedOptions, SkillsetSeed } from '../options.js';
import { AgentRegistry } from './agents.js';
import { KeyedTimers, type Clock } from './clock.js';
import { ContactRegistry } from './contact-registry.js';
import { SimEvents, type SimEvent } from './events.js';
import { HandleTime } from './handle-time.js';
import { SkillsetQueues } from './queues.js';
import { Router } from './routing.js';
import { renderTranscriptEmail } from './transcript-email.js';
import type { Agent, CallbackStatus, ClosedBy, Contact, OutboxEntry, Participant, VoiceOutcome } from './types.js';

/** Timer keys per contact: resume window, scheduled callback, voice queue timeout, ringing. */
const CONTACT_TIMERS = ['resume', 'due', 'qto', 'ring'] as const;
type ContactTimer = (typeof CONTACT_TIMERS)[number];

/**
 * The contact center's state and the transitions the customer and agent sides share: queueing, offering,
 * joining, parting and finishing contacts, each announced as a {@link SimEvent}.
 */
export class ContactFlow {
  readonly events = new SimEvents();
  readonly agents: AgentRegistry;
  readonly contacts = new ContactRegistry();
  readonly outbox: OutboxEntry[] = [];
  readonly queues: SkillsetQueues;
  readonly handleTime: HandleTime;
  readonly clock: Clock;
  private readonly skillsets = new Map<string, SkillsetSeed>();
  private readonly timers: KeyedTimers;
  private readonly router: Router;

  constructor(readonly opts: ResolvedOptions) {
    this.clock = opts.clock;
    this.timers = new KeyedTimers(opts.clock);
    this.agents = new AgentRegistry(opts, this.now());
    for (const s of opts.skillsets) this.skillsets.set(s.name, s);
    this.queues = new SkillsetQueues(this.skillsets.keys());
    this.handleTime = new HandleTime(opts.averageHandleSeconds);
    this.router = new Router(this.queues, this.agents, this.contacts, (contact, agent) => this.offer(contact, agent));
  }

  now(): number {
    return this.clock.now();
  }

  skillset(name: string): SkillsetSeed | undefined {
    return this.skillsets.get(name);
  }

  skillsetsOf(kind: 'chat' | 'voice'): SkillsetSeed[] {
    return [...this.skillsets.values()].filter((s) => s.kind === kind);
  }

  setTimer(contact: Contact, timer: ContactTimer, ms: number, fn: () => void): void {
    this.timers.set(`${timer}:${contact.id}`, ms, fn);
  }

  clearTimer(contact: Contact, timer: ContactTimer): void {
    this.timers.clear(`${timer}:${contact.id}`);
  }

  route(): void {
    this.router.route();
  }

  /** Queue the contact (at the front for transfers and returned offers) and route. */
  enqueue(contact: Contact, front: boolean): void {
    this.clearTimer(contact, 'due');
    contact.state = 'queued';
    contact.offeredTo = undefined;
    if (!this.queues.add(contact, front)) return;
    if (contact.kind === 'voice') {
      this.callbackStatus(contact, 'dialling');
      if (!this.timers.has(`qto:${contact.id}`)) {
        this.setTimer(contact, 'qto', this.opts.voice.queueTimeoutMs, () => {
          if (contact.state === 'queued') this.finish(contact, 'system', undefined, 'failed');
        });
      }
    }
    this.emit({ ...this.ref(contact), type: 'contact_queued', skillset: contact.skillset, kind: contact.kind });
    this.route();
  }

  /** Offer to an agent: a chat waits for Answer (at once with `autoAnswer`), a call rings for `ringTimeoutMs`. */
  offer(contact: Contact, agent: Agent): void {
    this.queues.remove(contact);
    this.clearTimer(contact, 'qto');
    contact.state = contact.kind === 'voice' ? 'ringing' : 'offered';
    contact.offeredTo = agent.id;
    this.agents.markIdle(agent, this.now());
    this.agents.hold(agent.id, contact.id);
    this.emit({ ...this.ref(contact), type: 'contact_offered', agentId: agent.id, kind: contact.kind });
    if (contact.kind === 'voice') {
      this.callbackStatus(contact, 'ringing', agent.id);
      this.setTimer(contact, 'ring', this.opts.voice.ringTimeoutMs, () =>
        this.finish(contact, 'system', agent.id, 'no_answer'),
      );
    } else if (this.opts.autoAnswer) {
      this.accept(contact, agent);
    }
  }

  /** The agent takes the offered contact: chat -> newParticipant; voice -> connected. */
  accept(contact: Contact, agent: Agent): void {
    contact.offeredTo = undefined;
    contact.answeredAt ??= this.now();
    if (contact.kind === 'voice') {
      this.clearTimer(contact, 'ring');
      contact.state = 'connected';
      contact.participants = [{ id: agent.id, name: agent.name, type: 'active_participant' }];
      this.emit({ ...this.ref(contact), type: 'contact_answered', agentId: agent.id, kind: 'voice' });
      this.callbackStatus(contact, 'connected', agent.id);
      return;
    }
    contact.state = 'active';
    this.join(contact, agent, 'active_participant');
    this.emit({ ...this.ref(contact), type: 'contact_answered', agentId: agent.id, kind: 'chat' });
  }

  /** Return the agent's unanswered offers to the front of their queues (Not Ready, logout). */
  requeueOffers(agent: Agent): void {
    for (const id of this.agents.held(agent.id)) {
      const contact = this.contacts.get(id);
      if (contact.offeredTo !== agent.id) continue;
      this.clearTimer(contact, 'ring');
      this.agents.release(agent.id, id);
      contact.queuedAt = Math.min(contact.queuedAt, this.now());
      this.enqueue(contact, true);
    }
  }

  join(contact: Contact, agent: Agent, role: Participant['type']): void {
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

  /** Remove the agent from the contact's participants and announce it. */
  part(contact: Contact, agent: Agent, endChatFlag: boolean): void {
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

  /** Close the contact: free its agents, record handle time, report the call outcome, e-mail the transcript. */
  finish(contact: Contact, by: ClosedBy, agentId?: string, outcome?: VoiceOutcome): void {
    if (contact.state === 'closed') return;
    for (const timer of CONTACT_TIMERS) this.clearTimer(contact, timer);
    this.queues.remove(contact);
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

  callbackStatus(contact: Contact, status: CallbackStatus, agentId?: string): void {
    if (!contact.callbackId) return;
    this.emit({
      ...this.ref(contact),
      type: 'callback_status',
      callbackId: contact.callbackId,
      status,
      ...(agentId ? { agentId } : {}),
    });
  }

  /** The fields every contact event carries. */
  ref(contact: Contact): { contactId: string; guid: number; at: number } {
    return { contactId: contact.id, guid: contact.guid, at: this.now() };
  }

  emitAgent(agent: Agent): void {
    this.emit({ type: 'agent_state', at: this.now(), agentId: agent.id, loggedIn: agent.loggedIn, ready: agent.ready });
  }

  emit(event: SimEvent): void {
    this.events.publish(event);
  }

  /** Stop every timer (simulator shutdown). */
  dispose(): void {
    this.timers.dispose();
  }
}

import { SimError } from '../errors.js';
import type { ContactFlow } from './contact-flow.js';
import type { Agent, Contact } from './types.js';

/** Longest chat message accepted (Avaya Agent Desktop limit). */
export const MAX_MESSAGE_CHARS = 4045;

export type TransferTarget = { toAgentId: string } | { toSkillset: string };

/** What agents and supervisors do: log in, go Ready, answer, chat, transfer, conference, leave, close, observe. */
export class AgentDesk {
  constructor(private readonly flow: ContactFlow) {}

  login(agentId: string, password: string): void {
    this.flow.emitAgent(this.flow.agents.login(agentId, password));
  }

  logout(agentId: string): void {
    const { agents, contacts } = this.flow;
    const agent = agents.loggedIn(agentId);
    const active = [...agents.held(agentId)].map((id) => contacts.get(id)).filter((c) => c.offeredTo !== agentId);
    if (active.length > 0) throw new SimError('conflict', `Agent ${agentId} still has ${active.length} contact(s)`);
    agent.ready = false;
    this.flow.requeueOffers(agent);
    agent.loggedIn = false;
    this.flow.emitAgent(agent);
  }

  setReady(agentId: string, ready: boolean): void {
    const agent = this.flow.agents.loggedIn(agentId);
    if (agent.supervisor) throw new SimError('conflict', 'Supervisors are not routed contacts');
    if (agent.ready === ready) return;
    agent.ready = ready;
    if (ready) this.flow.agents.markIdle(agent, this.flow.now());
    else this.flow.requeueOffers(agent);
    this.flow.emitAgent(agent);
    this.flow.route();
  }

  /** Accept an offered contact: chat -> newParticipant; voice -> connected. */
  answer(agentId: string, contactId: string): void {
    const agent = this.flow.agents.loggedIn(agentId);
    const contact = this.flow.contacts.get(contactId);
    if (contact.offeredTo !== agentId)
      throw new SimError('conflict', `Contact ${contactId} is not offered to ${agentId}`);
    this.flow.accept(contact, agent);
  }

  say(agentId: string, contactId: string, text: string): void {
    const { agent, contact } = this.participant(agentId, contactId, 'chat');
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_MESSAGE_CHARS) {
      throw new SimError('bad_request', `Message must be 1-${MAX_MESSAGE_CHARS} characters`);
    }
    this.record(contact, agent, text);
    this.flow.emit({ ...this.flow.ref(contact), type: 'agent_message', agentId, name: agent.name, text });
  }

  /** Typing pulse; returns false when throttled (at most one per `agentTypingPulseMs`). */
  typing(agentId: string, contactId: string): boolean {
    const { agent, contact } = this.participant(agentId, contactId, 'chat');
    const last = agent.lastTypingPulse.get(contactId) ?? -Infinity;
    const now = this.flow.now();
    if (now - last < this.flow.opts.agentTypingPulseMs) return false;
    agent.lastTypingPulse.set(contactId, now);
    this.flow.emit({ ...this.flow.ref(contact), type: 'agent_typing', agentId, name: agent.name });
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
    const text = `Pushed page: ${parsed.href}`;
    this.record(contact, agent, text);
    this.flow.emit({ ...this.flow.ref(contact), type: 'agent_push_url', agentId, name: agent.name, url: parsed.href });
  }

  /** An agent's entry; written while the customer is disconnected it is marked (the desktop: "not delivered"). */
  private record(contact: Contact, agent: Agent, text: string): void {
    const undelivered = contact.customerConnected ? {} : { undelivered: true as const };
    contact.transcript.push({
      from: 'agent',
      agentId: agent.id,
      name: agent.name,
      text,
      at: this.flow.now(),
      ...undelivered,
    });
  }

  /** Transfer: the agent leaves (customer alone, on hold), then the contact is offered to an agent or requeued. */
  transfer(agentId: string, contactId: string, target: TransferTarget): void {
    const { agent, contact } = this.participant(agentId, contactId, 'active');
    if (contact.participants.some((p) => p.id !== agentId && p.type !== 'supervisor')) {
      throw new SimError('conflict', 'End the conference before transferring');
    }
    let toAgent: Agent | undefined;
    if ('toAgentId' in target) toAgent = this.transferAgent(agentId, target.toAgentId);
    else if (this.flow.skillset(target.toSkillset)?.kind !== 'chat')
      throw new SimError('bad_request', `Unknown chat skillset ${String(target.toSkillset)}`);
    for (const p of contact.participants) if (p.id !== agentId) this.flow.agents.release(p.id, contact.id);
    contact.participants = contact.participants.filter((p) => p.id === agentId);
    this.flow.part(contact, agent, false);
    if (toAgent) {
      this.flow.offer(contact, toAgent);
    } else if ('toSkillset' in target) {
      contact.skillset = target.toSkillset;
      this.flow.enqueue(contact, true);
    }
    this.flow.route();
  }

  /** Conference another agent in as a passive participant. */
  conference(agentId: string, contactId: string, otherAgentId: string): void {
    const { contact } = this.participant(agentId, contactId, 'active');
    const other = this.flow.agents.loggedIn(otherAgentId);
    if (other.supervisor || contact.participants.some((p) => p.id === other.id))
      throw new SimError('conflict', 'Agent already present');
    this.needFreeSlot(other);
    this.flow.join(contact, other, 'passive_participant');
  }

  /** Leave a conference (or stop observing). The last agent must close or transfer instead. */
  leave(agentId: string, contactId: string): void {
    const contact = this.flow.contacts.get(contactId);
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
    this.flow.part(contact, this.flow.agents.get(agentId), false);
  }

  /** Agent ends the contact (chat: participantLeave endChatFlag:true; voice: completed, or no_answer when ringing). */
  close(agentId: string, contactId: string): void {
    const contact = this.flow.contacts.get(contactId);
    if (contact.kind === 'voice' && contact.offeredTo === agentId) {
      this.flow.finish(contact, 'agent', agentId, 'no_answer');
      return;
    }
    const { agent } = this.participant(agentId, contactId, 'any');
    if (contact.kind === 'chat') {
      this.flow.emit({
        ...this.flow.ref(contact),
        type: 'participant_left',
        agentId,
        name: agent.name,
        endChatFlag: true,
        participants: [],
      });
    }
    this.flow.finish(contact, 'agent', agentId, 'completed');
  }

  /** A supervisor silently observes an active chat (participant type 'supervisor'). */
  observe(supervisorId: string, contactId: string): void {
    const sup = this.flow.agents.loggedIn(supervisorId);
    if (!sup.supervisor) throw new SimError('conflict', `${supervisorId} is not a supervisor`);
    const contact = this.flow.contacts.get(contactId);
    if (contact.kind !== 'chat' || contact.state !== 'active')
      throw new SimError('conflict', 'Only active chats can be observed');
    if (contact.participants.some((p) => p.id === sup.id)) throw new SimError('conflict', 'Already observing');
    this.flow.join(contact, sup, 'supervisor');
  }

  /** The agent and contact, checking the agent takes part: 'any' kind, 'chat' only, or the chat's 'active' agent. */
  private participant(
    agentId: string,
    contactId: string,
    need: 'any' | 'chat' | 'active',
  ): { agent: Agent; contact: Contact } {
    const agent = this.flow.agents.loggedIn(agentId);
    const contact = this.flow.contacts.get(contactId);
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

  private transferAgent(fromAgentId: string, toAgentId: string): Agent {
    const toAgent = this.flow.agents.loggedIn(toAgentId);
    if (toAgent.id === fromAgentId || toAgent.supervisor) throw new SimError('bad_request', 'Invalid transfer target');
    this.needFreeSlot(toAgent);
    return toAgent;
  }

  private needFreeSlot(agent: Agent): void {
    if (this.flow.agents.held(agent.id).size >= agent.maxChats)
      throw new SimError('conflict', `Agent ${agent.id} has no free slot`);
  }
}

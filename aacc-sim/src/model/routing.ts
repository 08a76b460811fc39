import type { AgentRegistry } from './agents.js';
import type { ContactRegistry } from './contact-registry.js';
import type { SkillsetQueues } from './queues.js';
import type { Agent, Contact } from './types.js';

/** Whether the agent takes new contacts of the skillset now (logged in, Ready, not a supervisor). */
export function serves(agent: Agent, skillset: string): boolean {
  return agent.loggedIn && agent.ready && !agent.supervisor && agent.skillsets.includes(skillset);
}

/**
 * Offers queued contacts to agents: the queue whose head waited longest first; each contact to the least
 * loaded, then longest idle, agent of its skillset ({@link AgentRegistry.pick}). An agent holds at most one
 * voice contact.
 */
export class Router {
  private routing = false;

  constructor(
    private readonly queues: SkillsetQueues,
    private readonly agents: AgentRegistry,
    private readonly contacts: ContactRegistry,
    private readonly offer: (contact: Contact, agent: Agent) => void,
  ) {}

  /** Offer until nothing more can be placed. Re-entrant calls (an offer answered at once) are folded in. */
  route(): void {
    if (this.routing) return;
    this.routing = true;
    try {
      for (const skillset of this.queues.waiting((id) => this.contacts.get(id).queuedAt)) {
        for (const id of this.queues.ids(skillset)) {
          const contact = this.contacts.get(id);
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
    return [...this.agents.held(agent.id)].some((id) => this.contacts.find(id)?.kind === 'voice');
  }
}

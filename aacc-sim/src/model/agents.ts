import { timingSafeEqual, createHash } from 'node:crypto';
import { SimError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Agent, AgentSnapshot } from './types.js';

/** Constant-time string compare (hashes first so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Agents and supervisors, and which contacts each one holds (offered or participating). */
export class AgentRegistry {
  private readonly agents = new Map<string, Agent>();
  private readonly holding = new Map<string, Set<string>>();
  private order = 0;

  constructor(opts: ResolvedOptions, now: number) {
    for (const [list, supervisor] of [
      [opts.agents, false],
      [opts.supervisors, true],
    ] as const) {
      for (const seed of list) {
        this.agents.set(seed.id, {
          ...seed,
          skillsets: [...seed.skillsets],
          supervisor,
          loggedIn: false,
          ready: false,
          idleSince: now,
          idleOrder: this.order++,
          lastTypingPulse: new Map(),
        });
        this.holding.set(seed.id, new Set());
      }
    }
  }

  /** The agent or a `not_found` error. */
  get(id: string): Agent {
    const agent = this.agents.get(id);
    if (!agent) throw new SimError('not_found', `Unknown agent ${id}`);
    return agent;
  }

  /** The agent, which must be logged in. */
  loggedIn(id: string): Agent {
    const agent = this.get(id);
    if (!agent.loggedIn) throw new SimError('conflict', `Agent ${id} is not logged in`);
    return agent;
  }

  /** Check the password (constant time) and log the agent in (Not Ready). */
  login(id: string, password: string): Agent {
    const agent = this.agents.get(id);
    if (!agent || !safeEqual(agent.password, password))
      throw new SimError('unauthorized', 'Invalid agent id or password');
    agent.loggedIn = true;
    return agent;
  }

  /** The agent's idle period starts now (ready, assigned or freed). */
  markIdle(agent: Agent, now: number): void {
    agent.idleSince = now;
    agent.idleOrder = this.order++;
  }

  all(): Agent[] {
    return [...this.agents.values()];
  }

  /** Contact ids the agent holds. */
  held(id: string): Set<string> {
    return this.holding.get(id) ?? new Set();
  }

  hold(agentId: string, contactId: string): void {
    this.holding.get(agentId)?.add(contactId);
  }

  release(agentId: string, contactId: string): void {
    this.holding.get(agentId)?.delete(contactId);
  }

  /**
   * The longest-idle ready agent with `skillset` and a free slot (fewest held contacts first, then the
   * oldest `idleSince`), or undefined.
   */
  pick(skillset: string, accepts: (agent: Agent) => boolean): Agent | undefined {
    let best: Agent | undefined;
    let bestLoad = Infinity;
    for (const agent of this.agents.values()) {
      if (agent.supervisor || !agent.loggedIn || !agent.ready || !agent.skillsets.includes(skillset)) continue;
      const load = this.held(agent.id).size;
      if (load >= agent.maxChats || !accepts(agent)) continue;
      if (load < bestLoad || (load === bestLoad && best && agent.idleOrder < best.idleOrder)) {
        best = agent;
        bestLoad = load;
      }
    }
    return best;
  }

  snapshot(agent: Agent): AgentSnapshot {
    return {
      id: agent.id,
      name: agent.name,
      skillsets: [...agent.skillsets],
      maxChats: agent.maxChats,
      supervisor: agent.supervisor,
      loggedIn: agent.loggedIn,
      ready: agent.ready,
      idleSince: agent.idleSince,
      contactIds: [...this.held(agent.id)],
    };
  }
}

import { KeyedTimers, type Clock } from '../model/clock.js';

/** What presence needs of the contact center: who is Ready, and making an agent Not Ready. */
export interface PresenceDesk {
  isReadyAgent(agentId: string): boolean;
  readyAgentIds(): string[];
  notReady(agentId: string): void;
}

/**
 * Whether a Ready agent still has a desktop. A closed tab is the agent's choice to go away: the desktop says so
 * on `pagehide` (a `leave` frame; a browser closing the page also sends close code 1001), and the agent goes Not
 * Ready at once, so chats are not offered to nobody. A socket that merely drops (network, proxy, the simulator
 * restarting) is not a choice: the desktop signs in again by itself, so the agent keeps their state for
 * `graceMs`, and only a desktop that never comes back (a crashed browser) makes them Not Ready then. Agents
 * restored Ready from the state file get the same grace to reconnect.
 */
export class DeskPresence {
  private readonly open = new Map<string, number>();
  private readonly grace: KeyedTimers;
  private stopped = false;

  constructor(
    private readonly desk: PresenceDesk,
    clock: Clock,
    private readonly graceMs: number,
  ) {
    this.grace = new KeyedTimers(clock);
    for (const id of desk.readyAgentIds()) this.awaitReturn(id);
  }

  /** A desktop signed in as `agentId`. */
  arrived(agentId: string): void {
    this.open.set(agentId, (this.open.get(agentId) ?? 0) + 1);
    this.grace.clear(agentId);
  }

  /** One of the agent's desktops is gone: `closedTab` when the tab was closed, false when its socket dropped. */
  departed(agentId: string, closedTab: boolean): void {
    if (this.stopped) return;
    const left = (this.open.get(agentId) ?? 1) - 1;
    if (left > 0) {
      this.open.set(agentId, left);
      return;
    }
    this.open.delete(agentId);
    if (closedTab) this.leave(agentId);
    else this.awaitReturn(agentId);
  }

  /** The simulator is stopping: its own dropped sockets say nothing of the agents (the state file keeps them). */
  stop(): void {
    this.stopped = true;
    this.grace.dispose();
  }

  private awaitReturn(agentId: string): void {
    if (this.desk.isReadyAgent(agentId)) this.grace.set(agentId, this.graceMs, () => this.leave(agentId));
  }

  private leave(agentId: string): void {
    this.grace.clear(agentId);
    if (!this.stopped && !this.open.has(agentId) && this.desk.isReadyAgent(agentId)) this.desk.notReady(agentId);
  }
}

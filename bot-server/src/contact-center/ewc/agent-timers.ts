/**
 * The timers that depend on whether an agent is with the customer: queueStatus polling and the
 * agent-wait deadline while waiting, the idle deadline while with an agent. Deadlines live in the
 * persisted SessionData, so after a bot-server restart they continue instead of starting over.
 */
import type { EwcConfig } from '../../config/index.js';
import type { Clock } from '../../domain/ports.js';
import type { SessionData } from './persisted-session.js';
import { TimerSet } from './timer-set.js';
import type { EwcTimings } from './timings.js';

export interface AgentTimerSettings {
  agentWaitMs: number;
  idleMs: number;
  queueStatusFirstMs: number;
  queueStatusEveryMs: number;
}

export function agentTimerSettings(
  config: Pick<EwcConfig, 'agentWaitInterval' | 'chatIdleInterval'>,
  timings: Pick<EwcTimings, 'queueStatusFirstMs' | 'queueStatusEveryMs'>,
): AgentTimerSettings {
  return {
    agentWaitMs: config.agentWaitInterval,
    idleMs: config.chatIdleInterval,
    queueStatusFirstMs: timings.queueStatusFirstMs,
    queueStatusEveryMs: timings.queueStatusEveryMs,
  };
}

export interface AgentTimerHooks {
  /** Ask AACC for the queue position; false stops polling (the chat is no longer queued). */
  pollQueue: () => boolean;
  noAgent: () => void;
  idle: () => void;
}

export class AgentTimers {
  private readonly timers: TimerSet<'queueStatus' | 'agentWait' | 'idle'>;

  constructor(
    private readonly clock: Clock,
    private readonly state: Pick<SessionData, 'agentWaitDeadline' | 'lastActivityAt'>,
    private readonly settings: AgentTimerSettings,
    private readonly hooks: AgentTimerHooks,
  ) {
    this.timers = new TimerSet(clock);
  }

  /** The customer waits for an agent: poll the queue; a fresh wait restarts the agent-wait deadline. */
  waitForAgent(fresh: boolean): void {
    this.pollQueue(this.settings.queueStatusFirstMs);
    if (fresh || this.state.agentWaitDeadline === null)
      this.state.agentWaitDeadline = this.clock.now() + this.settings.agentWaitMs;
    if (!this.timers.has('agentWait')) this.armAgentWait();
  }

  /** An agent is present: waiting is over, the idle deadline runs (an existing one is kept). */
  agentPresent(): void {
    this.timers.clear('queueStatus', 'agentWait');
    this.state.agentWaitDeadline = null;
    if (!this.timers.has('idle')) this.armIdle(this.settings.idleMs);
  }

  /** Every agent left without ending the chat (a transfer or a requeue): a fresh wait. */
  agentsLeft(): void {
    this.timers.clear('idle');
    this.waitForAgent(true);
  }

  /** After a restart: continue from the persisted deadlines. */
  restore(withAgent: boolean): void {
    if (withAgent) this.armIdle(this.state.lastActivityAt + this.settings.idleMs - this.clock.now());
    else if (this.state.agentWaitDeadline !== null) this.armAgentWait();
  }

  /** A message either way postpones the idle deadline. */
  touch(): void {
    this.state.lastActivityAt = this.clock.now();
  }

  /** The socket is gone: nobody to ask for the queue position. */
  stopQueuePolling(): void {
    this.timers.clear('queueStatus');
  }

  stop(): void {
    this.timers.clear();
  }

  private pollQueue(delay: number): void {
    this.timers.arm('queueStatus', delay, () => {
      if (this.hooks.pollQueue()) this.pollQueue(this.settings.queueStatusEveryMs);
    });
  }

  private armAgentWait(): void {
    const now = this.clock.now();
    this.timers.arm('agentWait', (this.state.agentWaitDeadline ?? now) - now, () => this.hooks.noAgent());
  }

  /** Re-armed rather than reset on activity, so a busy chat costs no timer churn. */
  private armIdle(ms: number): void {
    this.timers.arm('idle', ms, () => {
      const idleFor = this.clock.now() - this.state.lastActivityAt;
      if (idleFor < this.settings.idleMs) this.armIdle(this.settings.idleMs - idleFor);
      else this.hooks.idle();
    });
  }
}

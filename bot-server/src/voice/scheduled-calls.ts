/**
 * Scheduled calls for a provider that cannot schedule (Twilio): each one is a job in the store (domain/job-ports.ts),
 * so a restart loses none, and every instance polls for due ones and claims them, so exactly one instance dials each.
 * A local timer at the due time makes the creator dial on time; the poll catches up what others (or a previous run
 * of this process) scheduled. A claimer that dies mid-dial lets the claim lapse and the call is tried again after
 * `claimTtlMs` (at least once: a dial that went out just before the death can go out twice).
 */
import type { JobStore } from '../domain/job-ports.js';
import type { CallbackRequest, CallStatusEvent, Clock, TimerHandle } from '../domain/ports.js';
import type { VoiceLogger } from './provider-http.js';

export const SCHEDULED_CALL_JOB = 'twilio-call';

export interface ScheduledCallsOptions {
  jobs: JobStore;
  clock: Clock;
  logger: VoiceLogger;
  /** This instance, as the store's claim owner. */
  owner: string;
  /** Dial now; resolves with the provider's call id. */
  place: (req: CallbackRequest) => Promise<string>;
  emit: (event: CallStatusEvent) => void;
  pollMs: number;
  /** Longer than a dial can take: past it another instance takes the call over. */
  claimTtlMs: number;
}

export interface ScheduledCalls {
  schedule(req: CallbackRequest & { when: number }): Promise<void>;
  /** Withdraw a call nobody is dialling; false when it is being dialled (or was). */
  cancel(callId: string): Promise<boolean>;
  /** Poll from now on (a first look at once: calls that fell due while no instance ran). */
  start(): void;
  /** Stop polling, wait for a dial in progress, and hand this instance's claims back. */
  close(): Promise<void>;
}

const BATCH = 20;

export function createScheduledCalls(o: ScheduledCallsOptions): ScheduledCalls {
  const due = new Map<string, TimerHandle>();
  let poll: TimerHandle | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  /** One pass at a time; a pass asked for while one runs runs right after it. */
  function tick(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((err: unknown) => o.logger.warn({ err }, 'scheduled calls pass failed'))
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          void tick();
        }
      });
    return running;
  }

  async function pass(): Promise<void> {
    for (;;) {
      const claimed = await o.jobs.claimDueJobs(SCHEDULED_CALL_JOB, o.owner, o.clock.now(), o.claimTtlMs, BATCH);
      for (const job of claimed) await dial(job.id, job.payload as unknown as CallbackRequest);
      if (claimed.length < BATCH || closed) return;
    }
  }

  async function dial(callId: string, req: CallbackRequest): Promise<void> {
    let event: CallStatusEvent;
    try {
      const sid = await o.place(req);
      event = { callId, externalId: sid, status: 'dialling', at: o.clock.now() };
    } catch (err) {
      o.logger.warn({ callId, err }, 'scheduled call failed');
      event = { callId, status: 'failed', at: o.clock.now(), detail: 'provider_error' };
    }
    // Done before it is told, so a status report cannot race a second dial of the same job.
    await o.jobs.completeJob(callId, o.owner);
    o.emit(event);
  }

  /** At a fixed rate: a poll that falls while a pass runs only asks for another pass after it. */
  function armPoll(): void {
    if (closed) return;
    poll = o.clock.setTimeout(() => {
      armPoll();
      void tick();
    }, o.pollMs);
  }

  return {
    async schedule(req) {
      await o.jobs.addJob({ id: req.callId, kind: SCHEDULED_CALL_JOB, dueAt: req.when, payload: { ...req } });
      const timer = o.clock.setTimeout(
        () => {
          due.delete(req.callId);
          void tick();
        },
        Math.max(0, req.when - o.clock.now()),
      );
      due.set(req.callId, timer);
    },

    async cancel(callId) {
      const timer = due.get(callId);
      if (timer !== undefined) o.clock.clearTimeout(timer);
      due.delete(callId);
      return o.jobs.cancelJob(callId, o.clock.now());
    },

    start() {
      void tick();
      armPoll();
    },

    async close() {
      closed = true;
      if (poll !== undefined) o.clock.clearTimeout(poll);
      for (const t of due.values()) o.clock.clearTimeout(t);
      due.clear();
      await running;
      await o.jobs.releaseJobs(o.owner).catch((err: unknown) => o.logger.warn({ err }, 'scheduled call claims kept'));
    },
  };
}

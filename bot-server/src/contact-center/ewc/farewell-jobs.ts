/**
 * Farewells that outlive their instance: each is a job in the store (domain/job-ports.ts) holding what it needs (the
 * chat's guid + authenticationKey, the intrinsics, the customer's undelivered texts, the deadline), claimed by the
 * instance running it and renewed before every attempt. A graceful stop hands the claims back; after a crash they
 * lapse. `adopt()` (at recovery, then on every retry interval) claims the farewells nobody runs and runs them, so a
 * restarted or another instance completes the farewell, and never two at once.
 */
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { JobStore } from '../../domain/job-ports.js';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import { Farewell } from './farewell.js';
import type { Intrinsics } from './frames.js';
import type { EwcTimings } from './timings.js';

export const FAREWELL_JOB = 'ewc-farewell';

interface FarewellPayload {
  conversationId: string;
  resume: { guid: number; authenticationKey: string };
  intrinsics: Intrinsics;
  texts: string[];
  deadline: number;
}

export interface FarewellJobsDeps {
  jobs: JobStore;
  /** This instance, as owner of the claims. */
  owner: string;
  clock: Clock;
  logger: Logger;
  timings: Pick<EwcTimings, 'farewellRetryMs' | 'farewellWindowMs'>;
  deviceType: string;
  openSocket: (conversationId: string) => WebSocket;
}

export class FarewellJobs {
  private readonly running = new Map<string, Farewell>();
  private scan: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly d: FarewellJobsDeps) {}

  /** A claim outlives a few attempts (each renews it): only a dead or stopped owner lets it lapse. */
  private get ttlMs(): number {
    return 3 * this.d.timings.farewellRetryMs;
  }

  /** Persist a new farewell, claimed by this instance, and run it. */
  begin(p: Omit<FarewellPayload, 'deadline'>): void {
    const now = this.d.clock.now();
    const payload: FarewellPayload = { ...p, deadline: now + this.d.timings.farewellWindowMs };
    const id = `${p.conversationId}:${p.resume.guid}`;
    const added = this.d.jobs
      .addJob({
        id,
        kind: FAREWELL_JOB,
        dueAt: now,
        payload: { ...payload },
        claim: { owner: this.d.owner, until: now + this.ttlMs },
      })
      .catch((err: unknown) => {
        this.d.logger.warn({ conversationId: p.conversationId, err }, 'EWC farewell not persisted');
        return false;
      });
    this.run(id, payload, added);
  }

  /** Claim and run the farewells nobody runs; from now on look again every retry interval. */
  async adopt(): Promise<void> {
    if (this.closed) return;
    this.armScan();
    const now = this.d.clock.now();
    const jobs = await this.d.jobs.claimDueJobs(FAREWELL_JOB, this.d.owner, now, this.ttlMs, 50);
    for (const job of jobs) {
      if (this.running.has(job.id) || this.closed) continue;
      this.d.logger.info({ conversationId: job.payload['conversationId'] }, 'EWC farewell taken over');
      this.run(job.id, job.payload as unknown as FarewellPayload, Promise.resolve(true));
    }
  }

  /** Stop every farewell here and hand the claims back, so the next run (or another instance) goes on at once. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.scan !== undefined) this.d.clock.clearTimeout(this.scan);
    for (const f of [...this.running.values()]) f.stop();
    await this.d.jobs.releaseJobs(this.d.owner).catch((err: unknown) => {
      this.d.logger.warn({ err }, 'EWC farewell claims not handed back; they lapse by themselves');
    });
  }

  private armScan(): void {
    if (this.scan !== undefined || this.closed) return;
    this.scan = this.d.clock.setTimeout(() => {
      this.scan = undefined;
      this.adopt().catch((err: unknown) => this.d.logger.warn({ err }, 'EWC farewell scan failed'));
    }, this.d.timings.farewellRetryMs);
  }

  /** `persisted` resolves once the job exists (false: it could not be stored; the farewell runs here anyway). */
  private run(id: string, p: FarewellPayload, persisted: Promise<boolean>): void {
    const { clock, owner, jobs } = this.d;
    const log = this.d.logger.child({ conversationId: p.conversationId });
    const farewell: Farewell = new Farewell({
      clock,
      log,
      openSocket: () => this.d.openSocket(p.conversationId),
      deviceType: this.d.deviceType,
      resume: p.resume,
      intrinsics: p.intrinsics,
      texts: p.texts,
      retryMs: this.d.timings.farewellRetryMs,
      deadline: p.deadline,
      claim: async () => ((await persisted) ? jobs.renewJob(id, owner, clock.now() + this.ttlMs) : true),
      onDone: (outcome) => {
        this.running.delete(id);
        if (outcome === 'stopped' || outcome === 'lost') return;
        void jobs.completeJob(id, owner).catch((err: unknown) => log.warn({ err }, 'EWC farewell job not removed'));
      },
    });
    this.running.set(id, farewell);
    farewell.start();
  }
}

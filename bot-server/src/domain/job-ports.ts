/**
 * Durable work due at a time and done by exactly one instance (a scheduled provider call, an EWC farewell). A job is
 * claimed by an owner until a deadline; an owner that dies simply stops renewing, and once the claim has expired
 * another instance (or the restarted one) claims it again. So a job survives restarts and is never run by two
 * instances at once; a claimer that dies after the work but before `completeJob` lets it run again (at least once).
 * Times are epoch ms on the caller's clock (the injected Clock).
 */
export interface JobRecord {
  id: string;
  kind: string;
  dueAt: number;
  payload: Record<string, unknown>;
  /** Who holds (or last held) the claim; null when never claimed or released. */
  owner: string | null;
  /** The claim is live until then (0: unclaimed). */
  claimedUntil: number;
  /** How many times it was claimed. */
  attempts: number;
}

export interface NewJob {
  id: string;
  kind: string;
  dueAt: number;
  payload: Record<string, unknown>;
  /** Claimed at once by this owner until `claimedUntil` (the creator runs it itself while it lives). */
  claim?: { owner: string; until: number };
}

export interface JobStore {
  /** Store a job; false (and nothing changed) when one with this id exists. */
  addJob(job: NewJob): Promise<boolean>;
  /**
   * Claim up to `limit` jobs of `kind` due at `now` whose claim has expired, until `now + ttlMs`. Each job is answered
   * to one caller only, also when instances race on one database (a conditional UPDATE per job).
   */
  claimDueJobs(kind: string, owner: string, now: number, ttlMs: number, limit: number): Promise<JobRecord[]>;
  /** Extend a claim we hold; false when it is no longer ours (expired and taken). */
  renewJob(id: string, owner: string, until: number): Promise<boolean>;
  /** The job is done: delete it while we hold it; false when it was not ours any more. */
  completeJob(id: string, owner: string): Promise<boolean>;
  /** Withdraw a job nobody is running (no live claim at `now`); false when it is running or gone. */
  cancelJob(id: string, now: number): Promise<boolean>;
  /** Graceful stop: every claim of `owner` expires now, so the next claimer does not wait for the deadline. */
  releaseJobs(owner: string): Promise<void>;
}

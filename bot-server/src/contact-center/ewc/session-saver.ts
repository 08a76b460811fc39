/**
 * Persistence of one EWC session record (provider `aacc-ewc`). Saves are coalesced: callers that
 * arrive while a write runs share one more write of the newest state, so the store never sees an
 * older state after a newer one.
 */
import type { Logger } from 'pino';
import type { Clock, Store } from '../../domain/ports.js';
import { errorName } from './log-fields.js';
import { EWC_PROVIDER, type SessionData } from './persisted-session.js';

export interface SessionSnapshot {
  guid: number;
  authenticationKey: string;
  data: SessionData;
}

export class SessionSaver {
  private saving: Promise<void> | undefined;
  private dirty = false;

  /** `snapshot` is undefined while there is nothing resumable to save (no guid yet, or finished). */
  constructor(
    private readonly store: Store,
    private readonly conversationId: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly snapshot: () => SessionSnapshot | undefined,
  ) {}

  save(): Promise<void> {
    if (this.snapshot() === undefined) return this.settled();
    this.dirty = true;
    this.saving ??= this.drain();
    return this.saving;
  }

  /** Resolves once no write is running. */
  settled(): Promise<void> {
    return this.saving ?? Promise.resolve();
  }

  /** Wait for a running write, then delete the record (errors are logged: the chat is over anyway). */
  async forget(): Promise<void> {
    await this.saving;
    try {
      await this.store.deleteContactCenterSession(this.conversationId);
    } catch (err) {
      this.log.error({ err: errorName(err) }, 'could not delete the EWC session record');
    }
  }

  private async drain(): Promise<void> {
    try {
      for (let s = this.snapshot(); this.dirty && s !== undefined; s = this.snapshot()) {
        this.dirty = false;
        await this.store.saveContactCenterSession({
          conversationId: this.conversationId,
          provider: EWC_PROVIDER,
          externalId: String(s.guid),
          secret: s.authenticationKey,
          data: structuredClone(s.data) as unknown as Record<string, unknown>,
          updatedAt: this.clock.now(),
        });
      }
    } catch (err) {
      this.log.error({ err: errorName(err) }, 'could not persist the EWC session');
    } finally {
      this.saving = undefined;
    }
  }
}

/**
 * Sends the outbox: per conversation the oldest pending body first, so a customer reads replies in the order they
 * were written; conversations in parallel. 429 (with its Retry-After), 5xx, timeouts and refused connections are
 * retried with exponential backoff and full jitter, for as long as it takes (an outage delays replies, never loses
 * them); any other 4xx fails the body for good and says so. A body is marked sent with the aggregator's message id
 * once the aggregator took it, so a restart resumes with the next one.
 *
 * Exactly once across an unanswered post: every body goes out with its outbox key as Parley's id in the message's
 * metadata, and when an attempt failed after the request went out (a reset, a timeout: the aggregator may have stored
 * it), the body is marked unconfirmed and the next attempt first lists the conversation's latest messages. Found
 * there, it is sent; not found, it is posted again. A refused connection or a 5xx answer proves nothing was stored
 * and is retried as it was.
 */
import type { OutboxRecord, MessagingStore } from '../../domain/messaging-ports.js';
import { errInfo } from '../../domain/failures.js';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';
import type { OutboundBodies } from '../sunshine/bodies.js';
import type { ClientResult, Sent, SunshineClient } from '../sunshine/client.js';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from '../sunshine/retry.js';
import type { ClaimedKeys } from './claimed-keys.js';
import { KeyedPump, type RowOutcome } from './keyed-pump.js';
import { SingleFlight } from './single-flight.js';

export interface OutboxWorkerDeps {
  store: MessagingStore;
  client: SunshineClient;
  clock: Clock;
  logger: ServiceLogger;
  policy?: RetryPolicy;
  random?: () => number;
  /** A body the aggregator refused for good (a 4xx other than 429). */
  onFailed(row: OutboxRecord, reason: string): Promise<void>;
  /** Several instances on one database: each conversation's bodies are sent only where its claim is held. */
  claims?: ClaimedKeys;
}

const BATCH = 500;
/** How far the aggregator's clock may run behind ours when a lookup pages back to a body's enqueue time. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The real setImmediate, captured at load: coalescing kicks is I/O scheduling, not domain time (tests fake timers). */
const nextTurn: (fn: () => void) => unknown = globalThis.setImmediate;

export class OutboxWorker {
  private readonly flight = new SingleFlight(() => this.list());
  private readonly pump: KeyedPump<OutboxRecord>;
  private closed = false;
  private listRetry: TimerHandle | undefined;
  private soon: Promise<void> | undefined;
  /** The last send's outcome, for /health: ok, failing (retrying) or unknown (nothing sent yet). */
  private last: 'ok' | 'failing' | 'unknown' = 'unknown';

  constructor(private readonly d: OutboxWorkerDeps) {
    this.pump = new KeyedPump<OutboxRecord>(
      {
        id: (r) => r.id,
        key: (r) => r.conversationId,
        run: (r) => this.send(r),
        failed: (r, err) =>
          d.logger.error({ conversationId: r.conversationId, err: errInfo(err) }, 'outbox send not recorded'),
        more: () => this.kick(),
        drained: () => (d.claims ? this.kick() : undefined),
      },
      d.clock,
    );
  }

  get aggregatorState(): 'ok' | 'failing' | 'unknown' {
    return this.last;
  }

  /** Under claims: lists every pollMs for bodies other instances wrote and for conversations whose claim lapsed. */
  start(): void {
    this.d.claims?.start(() => this.kick());
    this.kick();
  }

  /** Something was enqueued (or came due): send what can go. */
  kick(): void {
    if (this.closed || this.soon) return;
    // One listing for every enqueue of this event-loop turn (a turn's bot replies), not one each.
    this.soon = new Promise((resolve) =>
      nextTurn(() => {
        this.soon = undefined;
        this.flight.kick();
        resolve();
      }),
    );
  }

  /** Bodies this process has just stored: straight to their conversations' queues when nothing older is unlisted. */
  accept(records: readonly OutboxRecord[]): void {
    if (this.closed || records.length === 0) return;
    // Under claims another instance may have written older bodies of the same conversations: list instead.
    if (this.d.claims || !this.pump.handOver(records)) this.kick();
  }

  /** Resolves when nothing is being listed or sent (tests, shutdown); bodies waiting for a retry do not count. */
  async idle(): Promise<void> {
    do {
      await this.soon;
      await this.flight.idle();
      await this.pump.idle();
    } while (this.soon);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pump.pause();
    if (this.listRetry) this.d.clock.clearTimeout(this.listRetry);
    await this.idle();
    await this.d.claims?.stop(true);
  }

  /** Stops at once without handing the claims over, as a killed instance does (tests of a takeover). */
  async abandon(): Promise<void> {
    await this.d.claims?.stop(false);
    await this.close();
  }

  /** New bodies go straight to their conversation's queue, sent as soon as the one before them went. */
  private async list(): Promise<void> {
    if (this.closed) return;
    try {
      const { store, claims } = this.d;
      await this.pump.list(BATCH, (n) =>
        claims
          ? claims.list(
              n,
              (limit, owner) => store.listPendingOutbox(limit, owner),
              (r) => r.conversationId,
            )
          : store.listPendingOutbox(n),
      );
      await claims?.releaseIdle((key) => this.pump.has(key));
    } catch (err) {
      this.d.logger.error({ err: errInfo(err) }, 'outbox listing failed');
      if (!this.listRetry && !this.closed)
        this.listRetry = this.d.clock.setTimeout(() => {
          this.listRetry = undefined;
          this.kick();
        }, 1000);
    }
  }

  /** The head body of its conversation: sent when due; a retry keeps it at the head with its backoff. */
  private async send(row: OutboxRecord): Promise<RowOutcome> {
    const { store, clock, logger } = this.d;
    if (row.nextAttemptAt > clock.now()) return { retryInMs: row.nextAttemptAt - clock.now() };
    // Checked right before the send: nothing goes out once the claim no longer counts here.
    const fence = this.d.claims?.fence(row.conversationId);
    if (this.d.claims && !fence) return 'let-go';
    // Taken from an instance that stopped mid-send: its post may have reached the aggregator before it could mark it.
    const unsure = row.unconfirmed || this.d.claims?.tookOver(row.conversationId) === true;
    const result = unsure ? await this.findOrSend(row) : await this.post(row);
    const now = clock.now();
    switch (result.kind) {
      case 'ok':
        this.last = 'ok';
        await store.markOutboxSent(row.id, result.value.messageIds.at(-1) ?? null, now, fence);
        return 'done';
      case 'retryable': {
        this.last = 'failing';
        const delay = retryDelay(row.attempts, result.retryAfterMs, this.d.policy ?? DEFAULT_RETRY, this.d.random);
        logger.warn(
          { conversationId: row.conversationId, attempts: row.attempts + 1, delay, reason: result.reason },
          'aggregator send will be retried',
        );
        // Once unconfirmed, always: a later refusal says nothing about what the earlier attempt left stored.
        const unconfirmed = unsure || result.unconfirmed === true;
        const retry = { attempts: row.attempts + 1, nextAttemptAt: now + delay, error: result.reason, unconfirmed };
        // Refused: the claim went to another instance while this one waited on the aggregator; it has the body now.
        if (!(await store.markOutboxRetry(row.id, retry, fence))) return 'let-go';
        row.attempts += 1;
        row.nextAttemptAt = now + delay;
        row.unconfirmed = unconfirmed;
        return { retryInMs: delay };
      }
      case 'permanent':
        this.last = 'ok';
        logger.warn({ conversationId: row.conversationId, reason: result.reason }, 'aggregator refused a message');
        if (!(await store.markOutboxFailed(row.id, result.reason, fence))) return 'let-go';
        // Marked failed: telling the agent may fail, the body must not be sent again for that.
        await this.d.onFailed(row, result.reason).catch((err: unknown) => {
          logger.error({ conversationId: row.conversationId, err: errInfo(err) }, 'refused message not told');
        });
        return 'done';
    }
  }

  private post(row: OutboxRecord): Promise<ClientResult<Sent>> {
    return this.d.client.sendMessage(row.address, row.body as unknown as OutboundBodies, row.key);
  }

  /** A body an unanswered attempt may have delivered: sent if the aggregator has it (by Parley's id), else posted. */
  private async findOrSend(row: OutboxRecord): Promise<ClientResult<Sent>> {
    // Paged back to a little before the body was enqueued: the aggregator's clock may run behind ours.
    const found = await this.d.client.findMessage(row.address, row.key, row.createdAt - CLOCK_SKEW_MS);
    if (found.kind === 'ok' && found.value.messageIds.length > 0) {
      this.d.logger.info(
        { conversationId: row.conversationId, attempts: row.attempts },
        'an unanswered send had reached the aggregator: not sent again',
      );
      return found;
    }
    // Cannot tell yet: posting now could double it, so the body waits as unconfirmed.
    if (found.kind === 'retryable') return { ...found, reason: `checking for the message: ${found.reason}` };
    // Not there: the attempt never arrived. (A listing refused for good leaves nothing to go on but posting.)
    return this.post(row);
  }
}

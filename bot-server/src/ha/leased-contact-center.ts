/**
 * The contact center as one instance of several sees it. Each escalated chat's session runs on the instance that
 * holds its lease (the one that started it, or the one that took it over); the others leave what they are asked to do
 * for it (a customer message, the end of the chat) as a durable request for the owner and nudge it over Redis.
 * Events of sessions this instance no longer holds are dropped, so a stale owner changes nothing.
 */
import type { EwcContactCenter } from '../contact-center/ewc/index.js';
import type { Clock, ContactCenter, ContactCenterEvent, EscalationRequest } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import type { Logger } from 'pino';
import type { LeaseGrant, NewSessionForward, SessionForward } from '../store/areas/session-leases.js';
import type { LeasedStore } from './fencing.js';
import { errName, type LeaseKeeper } from './lease-keeper.js';
import type { Nudge, Nudges } from './nudges.js';

export interface LeasedContactCenterDeps {
  inner: EwcContactCenter;
  keeper: LeaseKeeper;
  store: LeasedStore;
  nudges: Nudges;
  clock: Clock;
  logger: Logger;
}

export class LeasedContactCenter implements ContactCenter {
  readonly name: string;
  private readonly listeners = new Set<(event: ContactCenterEvent) => void>();
  /** Per conversation: the drain of its waiting requests in progress (one at a time, in order). */
  private readonly draining = new Map<string, Promise<void>>();
  private readonly d: LeasedContactCenterDeps;
  private closed = false;

  constructor(deps: LeasedContactCenterDeps) {
    this.d = deps;
    this.name = deps.inner.name;
    deps.inner.onEvent((e) => this.onInnerEvent(e));
  }

  async start(req: EscalationRequest): Promise<void> {
    if (this.closed) throw new ParleyError('PARLEY_ERR_SHUTTING_DOWN');
    if (!(await this.d.keeper.acquire(req.conversationId))) {
      this.d.logger.info({ conversationId: req.conversationId }, 'escalation already owned by another instance');
      return;
    }
    await this.d.inner.start(req);
  }

  async sendMessage(conversationId: string, text: string, clientMsgId: string): Promise<void> {
    if (this.d.keeper.holds(conversationId)) {
      try {
        return await this.d.inner.sendMessage(conversationId, text, clientMsgId);
      } catch (err) {
        // Held but not running yet (being taken over): leave it for the session like any other instance would.
        if (!(err instanceof ParleyError) || err.code !== 'PARLEY_ERR_ILLEGAL_TRANSITION') throw err;
      }
    }
    await this.forward({ conversationId, kind: 'message', clientMsgId, text });
  }

  sendTyping(conversationId: string): void {
    if (this.d.keeper.holds(conversationId)) this.d.inner.sendTyping(conversationId);
    else this.d.nudges.send({ kind: 'typing', conversationId });
  }

  async end(conversationId: string, by: 'customer' | 'system'): Promise<void> {
    if (this.d.keeper.holds(conversationId)) {
      await this.d.inner.end(conversationId, by);
      await this.d.keeper.release(conversationId);
      return;
    }
    if ((await this.d.store.getLease(conversationId)) !== undefined)
      return this.forward({ conversationId, kind: 'end' });
    // No instance holds it: forget whatever record is left, as a single instance does.
    await this.d.inner.end(conversationId, by);
  }

  /** Start taking part: listen for nudges, take over what has expired, then keep leases renewed. */
  async recover(): Promise<void> {
    if (this.closed) return;
    await this.d.nudges.listen((n) => this.onNudge(n));
    await this.d.keeper.scan();
    // Also when no lease was taken over: the gateway adopts the farewells dead instances left (farewell-jobs.ts).
    await this.d.inner.recover();
    this.d.keeper.start();
  }

  onEvent(listener: (event: ContactCenterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): { ok: boolean; detail?: string } {
    return this.d.inner.health();
  }

  /** Let every session go without ending it and hand the leases over, so the others take over at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.d.keeper.stop();
    await this.d.inner.close();
    await Promise.allSettled(this.draining.values());
    await this.d.keeper.handOver().catch((err: unknown) => {
      this.d.logger.warn({ err: errName(err) }, 'session leases not handed over; they expire by themselves');
    });
    await this.d.nudges.close();
    this.listeners.clear();
  }

  /** The keeper gave up a lease: stop the session here without ending the chat. */
  letGo(conversationId: string): void {
    void this.d.inner.detach(conversationId);
  }

  /** Sessions taken over: resume those with a record, give back the leases of those without one, then serve requests. */
  async resume(grants: LeaseGrant[]): Promise<void> {
    await this.d.inner.recover();
    await Promise.all(
      grants.map(async (g) => {
        if ((await this.d.store.getContactCenterSession(g.conversationId)) === undefined)
          return this.d.keeper.release(g.conversationId);
        return this.drain(g.conversationId);
      }),
    );
  }

  /** Serve the requests waiting for every session held here (after each renewal: nudges can be lost). */
  async drainAll(): Promise<void> {
    if (this.closed) return;
    const waiting = await this.d.store.sessionForwardsOf(this.d.keeper.owner);
    await Promise.all([...new Set(waiting.map((f) => f.conversationId))].map((id) => this.drain(id)));
  }

  private async forward(f: NewSessionForward): Promise<void> {
    if (f.kind === 'message' && (await this.d.store.getLease(f.conversationId)) === undefined)
      throw new ParleyError('PARLEY_ERR_ILLEGAL_TRANSITION', 'No escalation is running for this conversation.');
    await this.d.store.addSessionForward(f, this.d.clock.now());
    this.d.nudges.send({ kind: 'forward', conversationId: f.conversationId });
  }

  private onNudge(n: Nudge): void {
    if (!this.d.keeper.holds(n.conversationId)) return;
    if (n.kind === 'typing') this.d.inner.sendTyping(n.conversationId);
    else void this.drain(n.conversationId);
  }

  private drain(conversationId: string): Promise<void> {
    const previous = this.draining.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(() => this.serve(conversationId))
      .catch((err: unknown) => this.d.logger.warn({ conversationId, err: errName(err) }, 'session requests not served'))
      .finally(() => {
        if (this.draining.get(conversationId) === next) this.draining.delete(conversationId);
      });
    this.draining.set(conversationId, next);
    return next;
  }

  private async serve(conversationId: string): Promise<void> {
    if (!this.d.keeper.holds(conversationId)) return;
    const waiting = await this.d.store.sessionForwardsOf(this.d.keeper.owner, conversationId);
    const done: number[] = [];
    for (const f of waiting) {
      if (!this.d.keeper.holds(conversationId)) break;
      if (!(await this.serveOne(f))) break;
      done.push(f.id);
    }
    await this.d.store.deleteSessionForwards(done);
  }

  /** False when the session cannot take it yet (the request stays). */
  private async serveOne(f: SessionForward): Promise<boolean> {
    if (f.kind === 'end') {
      await this.d.inner.end(f.conversationId, 'customer');
      await this.d.keeper.release(f.conversationId);
      return true;
    }
    try {
      await this.d.inner.sendMessage(f.conversationId, f.text, f.clientMsgId);
      return true;
    } catch (err) {
      if (err instanceof ParleyError && err.code === 'PARLEY_ERR_ILLEGAL_TRANSITION') return false;
      throw err;
    }
  }

  private onInnerEvent(e: ContactCenterEvent): void {
    if (!this.d.keeper.holds(e.conversationId)) {
      this.d.logger.debug({ conversationId: e.conversationId, event: e.type }, 'event of a session not held dropped');
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch (err) {
        this.d.logger.error({ err: errName(err), event: e.type }, 'contact-center listener threw');
      }
    }
    if (e.type === 'ended' || e.type === 'failed') void this.d.keeper.release(e.conversationId);
  }
}

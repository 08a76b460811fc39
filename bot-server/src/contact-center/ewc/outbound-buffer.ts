/**
 * Customer text on its way to AACC: `pending` (not yet written), `inflight` (written, not yet
 * acknowledged) and `delivered` (acknowledged clientMsgIds, bounded). It works on the persisted
 * SessionData in place, so whatever the session saves is exactly the buffer's state.
 *
 * A clientMsgId is written at most once per socket and never again once AACC acknowledged it. After a
 * drop, unacknowledged messages are re-sent, unless this AACC never acknowledges anything: then they
 * count as delivered, since re-sending could double every message.
 */
import type { OutboundText, SessionData } from './persisted-session.js';

export type DeliveryState = Pick<SessionData, 'pending' | 'inflight' | 'delivered' | 'acksSeen'>;

export interface BufferLimits {
  /** Acknowledged clientMsgIds remembered for idempotency. */
  deliveredMemory: number;
  /** Without acknowledgements, at most this many written messages are kept for re-sending. */
  unackedMax: number;
}

export class OutboundBuffer {
  private readonly delivered: Set<string>;

  constructor(
    private readonly state: DeliveryState,
    private readonly limits: BufferLimits,
  ) {
    this.delivered = new Set(state.delivered);
  }

  /** Queue the parts of one customer message; false (nothing queued) when the id is already known. */
  enqueue(id: string, parts: readonly string[]): boolean {
    if (this.isKnown(id)) return false;
    parts.forEach((text, part) => this.state.pending.push({ id, part, text }));
    return true;
  }

  isKnown(id: string): boolean {
    return (
      this.delivered.has(id) ||
      this.state.pending.some((m) => m.id === id) ||
      this.state.inflight.some((m) => m.id === id)
    );
  }

  /** Write pending messages in order until `write` refuses one (socket gone); it stays pending. */
  flush(write: (text: string) => boolean): void {
    while (this.state.pending.length > 0) {
      const next = this.state.pending[0] as OutboundText;
      if (!write(next.text)) return;
      this.state.pending.shift();
      this.state.inflight.push(next);
    }
    const excess = this.state.inflight.length - this.limits.unackedMax;
    if (!this.state.acksSeen && excess > 0)
      for (const m of this.state.inflight.splice(0, excess)) this.markDelivered(m.id);
  }

  /** On a dropped socket: unacknowledged messages go back to the front of the buffer. */
  requeue(): void {
    if (this.state.inflight.length === 0) return;
    if (this.state.acksSeen) this.state.pending = [...this.state.inflight, ...this.state.pending];
    else for (const m of this.state.inflight) this.markDelivered(m.id);
    this.state.inflight = [];
  }

  /** acknowledgement/newMessage: the oldest written message arrived. False when nothing was in flight. */
  acknowledge(): boolean {
    this.state.acksSeen = true;
    const head = this.state.inflight.shift();
    if (head === undefined) return false;
    this.markDelivered(head.id);
    return true;
  }

  /**
   * An error about the oldest written message. With an agent present it is dropped (re-sending the
   * same text would fail the same way); without one, AACC refused it for now, so it waits again.
   * False when nothing was in flight.
   */
  refuse(agentPresent: boolean): boolean {
    const head = this.state.inflight.shift();
    if (head === undefined) return false;
    if (agentPresent) this.markDelivered(head.id);
    else this.state.pending.unshift(head);
    return true;
  }

  private markDelivered(id: string): void {
    if (this.delivered.has(id)) return;
    this.delivered.add(id);
    this.state.delivered.push(id);
    if (this.state.delivered.length > this.limits.deliveredMemory)
      this.delivered.delete(this.state.delivered.shift() as string);
  }
}

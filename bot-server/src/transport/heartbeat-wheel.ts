/**
 * The open sockets, spread over the slots of a wheel so that a heartbeat visits a slice of them at each turn rather
 * than all of them in one tick. Pinging 10,000 sockets at once held the event loop for hundreds of milliseconds every
 * heartbeat period (a ping is a socket write each), and every reply due in that time waited behind it; turned every
 * `period / slots`, the wheel still visits each socket once per period, a slice at a time.
 *
 * Members are assigned slots in turn, so the slices stay even as sockets come and go; each member remembers its slot
 * (a number on the member, not a map beside it: idle sockets are counted in bytes).
 */
export interface WheelMember {
  /** The member's slot, set by the wheel. */
  heartbeatSlot?: number;
}

export class HeartbeatWheel<T extends WheelMember> {
  private readonly slots: Array<Set<T>>;
  private count = 0;
  private nextSlot = 0;
  private hand = 0;

  constructor(slotCount: number) {
    this.slots = Array.from({ length: Math.max(1, Math.trunc(slotCount)) }, () => new Set<T>());
  }

  get size(): number {
    return this.count;
  }

  add(member: T): void {
    if (member.heartbeatSlot !== undefined) return;
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % this.slots.length;
    member.heartbeatSlot = slot;
    (this.slots[slot] as Set<T>).add(member);
    this.count++;
  }

  delete(member: T): void {
    const slot = member.heartbeatSlot;
    if (slot === undefined) return;
    if ((this.slots[slot] as Set<T>).delete(member)) this.count--;
    member.heartbeatSlot = undefined;
  }

  /** Every member, slot by slot. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (const slot of this.slots) yield* slot;
  }

  /** Calls `visit` for each member of the next slot; a full round of turns visits every member once. */
  turn(visit: (member: T) => void): void {
    const slot = this.slots[this.hand] as Set<T>;
    this.hand = (this.hand + 1) % this.slots.length;
    // A visit may delete its member (a closed socket): a Set's iteration carries on past deletions.
    for (const member of slot) visit(member);
  }
}

/** How often the wheel turns: often enough that a slice stays small, never so often that the turns cost more. */
export const HEARTBEAT_TURN_MS = 100;

/** Slots for a heartbeat `periodMs`: one turn per HEARTBEAT_TURN_MS, so a full round takes the period. */
export function heartbeatSlots(periodMs: number): number {
  return Math.max(1, Math.round(periodMs / HEARTBEAT_TURN_MS));
}

/**
 * Drops an agent message identical to a recent one (same timestamp, name and text): some servers
 * replay what the customer missed after a resume, and the customer must not see it twice.
 */
export class ReplayGuard {
  private readonly recent: string[] = [];

  constructor(private readonly memory = 50) {}

  /** True when this message was already seen; messages without a timestamp are never treated as repeats. */
  isReplay(message: { at?: number | undefined; name?: string | undefined; text: string }): boolean {
    if (message.at === undefined) return false;
    const key = `${message.at}\u0000${message.name ?? ''}\u0000${message.text}`;
    if (this.recent.includes(key)) return true;
    this.recent.push(key);
    if (this.recent.length > this.memory) this.recent.shift();
    return false;
  }
}

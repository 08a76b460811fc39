/** Gateway health: unhealthy exactly when the last `window` connection attempts all failed. */
export class AttemptHealth {
  private readonly outcomes: boolean[] = [];

  constructor(private readonly window: number) {}

  record(ok: boolean): void {
    this.outcomes.push(ok);
    if (this.outcomes.length > this.window) this.outcomes.shift();
  }

  status(): { ok: boolean; detail?: string } {
    const failing = this.outcomes.length === this.window && this.outcomes.every((ok) => !ok);
    return failing ? { ok: false, detail: `the last ${this.window} EWC connection attempts failed` } : { ok: true };
  }
}

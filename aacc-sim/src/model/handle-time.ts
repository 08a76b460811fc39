/** Rolling average of handle times (answer to close), used for the queue's estimated wait. */
export class HandleTime {
  private readonly samples: number[] = [];

  constructor(
    private readonly seedSeconds: number,
    private readonly window = 20,
  ) {}

  /** Record one handled contact. */
  add(seconds: number): void {
    this.samples.push(Math.max(0, seconds));
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** Average in seconds; the seed until anything was handled. */
  average(): number {
    if (this.samples.length === 0) return this.seedSeconds;
    return this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
  }

  /**
   * Estimated wait in whole seconds for the customer at `position` (1-based) when `capacity` slots serve the
   * queue; 0 when nobody is waiting ahead.
   */
  estimate(position: number, capacity: number): number {
    if (position <= 0) return 0;
    return Math.round((this.average() * position) / Math.max(1, capacity));
  }
}

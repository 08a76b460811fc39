/**
 * One round of work at a time: a kick during a round asks for one more round after it, never a second concurrent
 * one. The inbox and outbox workers use it so a burst of webhooks or enqueues costs a few rounds, not one each.
 */
export class SingleFlight {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly round: () => Promise<void>) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no round is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

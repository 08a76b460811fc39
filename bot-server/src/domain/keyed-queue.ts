/**
 * Runs tasks one at a time per key (a conversation id), in submission order, while different keys
 * run concurrently. Keeps message order within a conversation and stops two tabs (or a tab and the
 * contact center) from racing on the same conversation. A failing task never blocks the next one.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Queue `task` behind everything already queued for `key`; resolves or rejects with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Number of keys with queued or running work. */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves once every task queued so far (and any they queue meanwhile) has settled. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}

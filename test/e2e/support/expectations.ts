/**
 * Checks whose failure must not stop the rest of a long scenario from running (so one missing
 * detail does not hide the state of everything after it). The scenario still fails: call
 * `assertAll()` at its end, which reports every unmet expectation at once.
 */
import assert from 'node:assert/strict';

export class Expectations {
  private readonly failures: string[] = [];

  /** Records a failure when `ok` is false. */
  check(ok: boolean, message: string): void {
    if (!ok) this.failures.push(message);
  }

  /** Runs an awaited check (e.g. a locator wait); a rejection is recorded as a failure. */
  async eventually(check: () => Promise<unknown>, message: string): Promise<void> {
    try {
      await check();
    } catch (err) {
      this.failures.push(`${message} (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    }
  }

  /** Fails with every recorded failure. */
  assertAll(): void {
    assert.deepEqual(this.failures, [], `unmet expectations:\n- ${this.failures.join('\n- ')}`);
  }
}

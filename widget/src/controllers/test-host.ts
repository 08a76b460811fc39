import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type { Message } from '@parley/protocol';

/**
 * A minimal controller host for testing controllers without an element. Each requestUpdate() also
 * fires `update` on it, so a test can wait for the controller's next change instead of polling.
 */
export class TestHost extends EventTarget implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);

  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }

  removeController(c: ReactiveController): void {
    this.controllers.splice(this.controllers.indexOf(c), 1);
  }

  requestUpdate(): void {
    this.updates++;
    this.dispatchEvent(new Event('update'));
  }

  connect(): void {
    for (const c of this.controllers) c.hostConnected?.();
  }

  disconnect(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

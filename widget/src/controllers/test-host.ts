import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type { Message } from '@parley/protocol';
export type ReactiveControllerHostLike = ReactiveControllerHost;

/** A minimal controller host for testing controllers without an element. */
export class TestHost implements ReactiveControllerHost {
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
  }

  connect(): void {
    for (const c of this.controllers) c.hostConnected?.();
  }

  disconnect(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

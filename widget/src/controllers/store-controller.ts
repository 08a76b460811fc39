import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders its host whenever the conversation store it reads from (which may change) says `change`. */
export class StoreController implements ReactiveController {
  private target: EventTarget | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => EventTarget | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const next = this.source();
    if (next === this.target) return;
    this.target?.removeEventListener('change', this.handleChange);
    next?.addEventListener('change', this.handleChange);
    this.target = next;
  }

  hostDisconnected(): void {
    this.target?.removeEventListener('change', this.handleChange);
    this.target = undefined;
  }

  private readonly handleChange = (): void => this.host.requestUpdate();
}

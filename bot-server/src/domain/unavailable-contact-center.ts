/**
 * The ContactCenter for deployments without AACC: every escalation fails with `unreachable`, so the
 * customer is told politely and the bot takes over (offering voice or leaving a message), through
 * the same machine as a real failure.
 */
import type { ContactCenter, ContactCenterEvent, EscalationRequest } from './ports.js';

export class UnavailableContactCenter implements ContactCenter {
  readonly name = 'unavailable';
  private readonly listeners = new Set<(event: ContactCenterEvent) => void>();

  /** Reports the failure asynchronously, as a real adapter would, after start() has returned. */
  start(req: EscalationRequest): Promise<void> {
    const event: ContactCenterEvent = { type: 'failed', conversationId: req.conversationId, reason: 'unreachable' };
    setImmediate(() => {
      for (const l of this.listeners) l(event);
    });
    return Promise.resolve();
  }

  /** Nothing to forward to: there is never an agent. */
  async sendMessage(): Promise<void> {}

  sendTyping(): void {}

  async end(): Promise<void> {}

  async recover(): Promise<void> {}

  onEvent(listener: (event: ContactCenterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): { ok: boolean; detail?: string } {
    return { ok: true, detail: 'no contact center configured' };
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}

/**
 * A ContactCenter test double that records what the service asked for and lets a test emit the
 * events a real adapter would (the EWC adapter and the AACC simulator have their own tests).
 */
import type { ContactCenter, ContactCenterEvent, EscalationRequest } from '../ports.js';

export class ScriptedContactCenter implements ContactCenter {
  readonly name = 'scripted';
  readonly started: EscalationRequest[] = [];
  readonly sent: Array<{ conversationId: string; text: string; clientMsgId: string }> = [];
  readonly ended: Array<{ conversationId: string; by: string }> = [];
  typing = 0;
  /** When set, start() rejects with this error. */
  failStart: Error | undefined;
  healthy = true;
  private readonly listeners = new Set<(e: ContactCenterEvent) => void>();

  start(req: EscalationRequest): Promise<void> {
    if (this.failStart) return Promise.reject(this.failStart);
    this.started.push(req);
    return Promise.resolve();
  }

  sendMessage(conversationId: string, text: string, clientMsgId: string): Promise<void> {
    this.sent.push({ conversationId, text, clientMsgId });
    return Promise.resolve();
  }

  sendTyping(): void {
    this.typing++;
  }

  end(conversationId: string, by: 'customer' | 'system'): Promise<void> {
    this.ended.push({ conversationId, by });
    return Promise.resolve();
  }

  async recover(): Promise<void> {}

  onEvent(listener: (e: ContactCenterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Deliver an event as the adapter would. */
  emit(event: ContactCenterEvent): void {
    for (const l of this.listeners) l(event);
  }

  health(): { ok: boolean; detail?: string } {
    return this.healthy ? { ok: true } : { ok: false, detail: 'down' };
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}

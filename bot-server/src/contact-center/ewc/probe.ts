/**
 * Active AACC availability probe: every `everyMs` an EWC WebSocket handshake (opened, then closed at once; no
 * chat is requested). Without it, health only learnt of an outage when a customer's escalation failed. Two
 * failures in a row make the gateway unhealthy, with the reason (`/health` reports degraded, and escalations
 * are refused plainly instead of failing); the first success makes it healthy again. Timers run on the
 * injected clock; the reason names the failure kind only (HTTP status or socket error code).
 */
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { Clock, TimerHandle } from '../../domain/ports.js';

/** Consecutive failed handshakes before AACC counts as down (one lost packet is not an outage). */
const FAILURES_FOR_DOWN = 2;

export class AvailabilityProbe {
  private failures = 0;
  private reason = '';
  private timer: TimerHandle | undefined;
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(
    private readonly open: () => WebSocket,
    private readonly clock: Clock,
    private readonly everyMs: number,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.socket?.terminate();
  }

  status(): { ok: boolean; detail?: string } {
    return this.failures >= FAILURES_FOR_DOWN
      ? { ok: false, detail: `AACC unreachable: the last ${this.failures} EWC handshakes failed (${this.reason})` }
      : { ok: true };
  }

  private run(): void {
    this.timer = undefined;
    if (this.stopped) return;
    let settled = false;
    const ws = this.open();
    this.socket = ws;
    const done = (ok: boolean, reason = ''): void => {
      if (settled) return;
      settled = true;
      this.clock.clearTimeout(deadline);
      this.record(ok, reason);
      if (ok) ws.close(1000, 'probe');
      else ws.terminate();
      if (!this.stopped) this.timer = this.clock.setTimeout(() => this.run(), this.everyMs);
    };
    const deadline = this.clock.setTimeout(() => done(false, 'timeout'), this.timeoutMs);
    ws.on('open', () => done(true));
    ws.on('error', (err: NodeJS.ErrnoException) => done(false, (err.code ?? err.message).slice(0, 80)));
    ws.on('close', () => done(false, 'closed during the handshake'));
  }

  private record(ok: boolean, reason: string): void {
    const wasDown = !this.status().ok;
    this.failures = ok ? 0 : this.failures + 1;
    this.reason = reason;
    const isDown = !this.status().ok;
    if (isDown && !wasDown) this.log.warn({ reason }, 'AACC unreachable (probe)');
    if (wasDown && !isDown) this.log.info('AACC reachable again (probe)');
  }
}

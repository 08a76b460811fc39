/**
 * The session's one upstream WebSocket. Events of a socket that was let go or replaced are ignored,
 * writes reach only an open socket, and every frame feeds the keep-alive.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { wsText } from '../../transport/ws-text.js';
import type { Clock } from '../../domain/ports.js';
import { outbound } from './frames.js';
import { KeepAlive } from './keep-alive.js';
import { errorName } from './log-fields.js';

export interface UpstreamHooks {
  /** The socket opened; false when the session no longer wants it (the keep-alive does not start). */
  onOpen: () => boolean;
  onText: (raw: string) => void;
  /** The socket closed or could not be created (code 1006); not called after close() or closeOrAbort(). */
  onLost: (code: number) => void;
}

export class UpstreamSocket {
  private socket: WebSocket | undefined;
  private readonly keepAlive: KeepAlive;

  constructor(
    private readonly openSocket: () => WebSocket,
    private readonly clock: Clock,
    pingEveryMs: number,
    private readonly log: Logger,
    private readonly hooks: UpstreamHooks,
  ) {
    this.keepAlive = new KeepAlive(clock, pingEveryMs, {
      ping: () => this.write(outbound.ping()),
      onDead: (silentFor) => {
        this.log.warn({ silentFor }, 'EWC server stopped answering pings; dropping the socket');
        this.terminate();
      },
    });
  }

  get present(): boolean {
    return this.socket !== undefined;
  }

  connect(): void {
    let socket: WebSocket;
    try {
      socket = this.openSocket();
    } catch (err) {
      this.log.warn({ err: errorName(err) }, 'EWC socket could not be created');
      this.clock.setTimeout(() => this.hooks.onLost(1006), 0);
      return;
    }
    this.socket = socket;
    socket.on('open', () => {
      if (this.socket === socket && this.hooks.onOpen()) this.keepAlive.start();
    });
    socket.on('message', (raw, isBinary) => {
      if (this.socket !== socket) return;
      this.keepAlive.received();
      this.hooks.onText(isBinary ? '' : wsText(raw));
    });
    socket.on('error', (err) => this.log.debug({ err: errorName(err) }, 'EWC socket error'));
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.release();
      this.hooks.onLost(code);
    });
  }

  write(text: string): boolean {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== socket.OPEN) return false;
    socket.send(text);
    return true;
  }

  /** The server answered a ping. */
  pingAnswered(): void {
    this.keepAlive.replied();
  }

  /** Drop the socket abruptly; the close that follows counts as lost. */
  terminate(): void {
    this.socket?.terminate();
  }

  /** Let go of the socket with a close frame (no onLost follows). */
  close(code: number, reason: string): void {
    this.release()?.close(code, reason);
  }

  /** Let go of the socket: a close frame when it is open, else abort the handshake (no onLost follows). */
  closeOrAbort(code: number, reason: string): void {
    const socket = this.release();
    if (socket !== undefined && socket.readyState === socket.OPEN) socket.close(code, reason);
    else socket?.terminate();
  }

  private release(): WebSocket | undefined {
    const socket = this.socket;
    this.socket = undefined;
    this.keepAlive.stop();
    return socket;
  }
}

import type WebSocket from 'ws';
import * as wsModule from 'ws';

/**
 * ws 8 can pause reading a socket; the installed @types/ws (7.x) does not declare it yet.
 * These wrappers keep the cast in one place.
 */
interface Pausable {
  pause(): void;
  resume(): void;
}

/** Stop reading frames from the peer. */
export function pauseSocket(ws: WebSocket): void {
  (ws as unknown as Pausable).pause();
}

/** Resume reading frames from the peer. */
export function resumeSocket(ws: WebSocket): void {
  (ws as unknown as Pausable).resume();
}

/**
 * The WebSocket server class. ws 8's ESM entry exports it as `WebSocketServer` (not as `WebSocket.Server`,
 * which only the CommonJS entry has); the 7.x typings only know `WebSocket.Server`.
 */
export const WebSocketServer = (wsModule as unknown as { WebSocketServer: typeof WebSocket.Server }).WebSocketServer;

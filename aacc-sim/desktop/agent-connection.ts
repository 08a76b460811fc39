import type { AgentSnapshot, ContactSnapshot, OutboxEntry } from '../src/model/types.js';
import type { SimEvent } from '../src/model/events.js';
import type { RichResponseSeed, SkillsetSeed } from '../src/options.js';

/** Frames the simulator pushes to the desktop (see src/desktop-server/agent-socket.ts). */
export type ServerFrame =
  | {
      type: 'hello';
      agent: AgentSnapshot;
      contacts: ContactSnapshot[];
      agents: AgentSnapshot[];
      outbox: OutboxEntry[];
      skillsets: SkillsetSeed[];
      richResponses?: RichResponseSeed[];
    }
  | { type: 'result'; id: number; ok: boolean; result?: unknown; error?: string }
  | { type: 'event'; event: SimEvent }
  | { type: 'contact'; contact: ContactSnapshot; visible: boolean }
  | { type: 'agents'; agents: AgentSnapshot[] }
  | { type: 'outbox'; outbox: OutboxEntry[] }
  | { type: 'error'; message: string };

/** The desktop's live connection: login, request/response commands, pushed frames. */
export class AgentConnection extends EventTarget {
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  /** Open the socket and log in; resolves with the hello frame. */
  login(agentId: string, password: string): Promise<Extract<ServerFrame, { type: 'hello' }>> {
    const url = new URL('/sim/agent', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'login', agentId, password })));
      ws.addEventListener('close', () => {
        reject(new Error('Connection closed'));
        for (const p of this.pending.values()) p.reject(new Error('Connection closed'));
        this.pending.clear();
        this.dispatchEvent(new Event('closed'));
      });
      ws.addEventListener('message', (msg) => {
        const frame = JSON.parse(String(msg.data)) as ServerFrame;
        if (frame.type === 'hello') resolve(frame);
        else if (frame.type === 'error') reject(new Error(frame.message));
        else if (frame.type === 'result') this.settle(frame);
        else this.dispatchEvent(new CustomEvent<ServerFrame>('frame', { detail: frame }));
      });
    });
  }

  /** Run a control command bound to the logged-in agent. */
  command(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('Not connected'));
    const id = this.nextId++;
    ws.send(JSON.stringify({ type: 'cmd', id, name, args }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  close(): void {
    this.ws?.close(1000);
  }

  /** The tab is closing: tell the simulator it is the agent leaving, not a connection dropping. */
  leave(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'leave' }));
  }

  private settle(frame: Extract<ServerFrame, { type: 'result' }>): void {
    const p = this.pending.get(frame.id);
    if (!p) return;
    this.pending.delete(frame.id);
    if (frame.ok) p.resolve(frame.result);
    else p.reject(new Error(frame.error ?? 'Command failed'));
  }
}

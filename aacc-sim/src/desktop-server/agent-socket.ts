import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import { COMMANDS, isCommand, runCommand } from '../control/commands.js';
import type { SimControl } from '../control/sim-control.js';
import { SimError } from '../errors.js';
import type { Clock } from '../model/clock.js';
import type { ContactCenter } from '../model/contact-center.js';
import type { SimEvent } from '../model/events.js';
import type { ContactSnapshot } from '../model/types.js';
import type { RichResponseSeed } from '../options.js';
import { DeskPresence } from './desk-presence.js';

export const AGENT_WS_PATH = '/sim/agent';

/**
 * Frames of the desktop socket (JSON text):
 * client: {type:'login', agentId, password} | {type:'cmd', id, name, args} | {type:'leave'} (the tab is closing)
 * server: {type:'hello', agent, contacts, agents, outbox, skillsets, richResponses} | {type:'result', id, ok, result?, error?}
 *       | {type:'event', event} | {type:'contact', contact, visible} | {type:'agents', agents}
 *       | {type:'outbox', outbox} | {type:'error', message}
 */
export class AgentSocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly presence: DeskPresence;
  private readonly richResponses: readonly RichResponseSeed[];

  constructor(
    private readonly model: ContactCenter,
    private readonly control: SimControl,
    opts: { richResponses?: readonly RichResponseSeed[]; clock: Clock; reconnectGraceMs: number },
  ) {
    this.richResponses = opts.richResponses ?? [];
    const isReadyAgent = (id: string) => {
      const a = model.agents.get(id);
      return a.loggedIn && a.ready && !a.supervisor;
    };
    this.presence = new DeskPresence(
      {
        isReadyAgent,
        readyAgentIds: () => model.agents.all().flatMap((a) => (isReadyAgent(a.id) ? [a.id] : [])),
        notReady: (id) => void control.setReady(id, false).catch(() => {}),
      },
      opts.clock,
      opts.reconnectGraceMs,
    );
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
  }

  close(): void {
    this.presence.stop();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private serve(ws: WebSocket): void {
    let agentId: string | undefined;
    let supervisor = false;
    let leaving = false;
    const visible = new Set<string>();
    const send = (frame: object) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    };
    const sees = (c: ContactSnapshot) =>
      c.offeredTo === agentId || c.participants.some((p) => p.id === agentId) || (supervisor && c.kind === 'chat');
    const onEvent = (e: SimEvent) => {
      if (!agentId) return;
      if (e.type === 'agent_state') {
        send({ type: 'agents', agents: this.model.agentsSnapshot() });
        return;
      }
      if (e.type === 'transcript_emailed') send({ type: 'outbox', outbox: this.model.outbox });
      const contact = this.model.snapshot(this.model.get(e.contactId));
      const isVisible = sees(contact);
      if (isVisible || visible.has(contact.id)) {
        send({ type: 'event', event: e });
        send({ type: 'contact', contact, visible: isVisible });
      }
      if (isVisible) visible.add(contact.id);
      else visible.delete(contact.id);
    };
    this.model.events.on('event', onEvent);
    ws.on('close', (code: number) => {
      this.model.events.off('event', onEvent);
      if (agentId) this.presence.departed(agentId, leaving || code === 1001);
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: Buffer) => {
      let msg: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(data.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
        msg = parsed as Record<string, unknown>;
      } catch {
        send({ type: 'error', message: 'Malformed frame' });
        return;
      }
      if (msg['type'] === 'leave') {
        leaving = true;
        return;
      }
      void this.onFrame(msg, send, agentId).then((who) => {
        // A socket that closed while its login was checked never counts as a desktop.
        if (who && !agentId && ws.readyState === WebSocket.OPEN) {
          agentId = who;
          this.presence.arrived(who);
          supervisor = this.model.agents.get(who).supervisor;
          const contacts = this.model.contactsSnapshot().filter(sees);
          for (const c of contacts) visible.add(c.id);
          send({
            type: 'hello',
            agent: this.model.agents.snapshot(this.model.agents.get(who)),
            contacts,
            agents: this.model.agentsSnapshot(),
            outbox: this.model.outbox,
            skillsets: [...this.model.skillsetsOf('chat'), ...this.model.skillsetsOf('voice')],
            richResponses: this.richResponses,
          });
        }
      });
    });
  }

  /** Handle one frame; resolves the agent id after a successful login. */
  private async onFrame(
    msg: Record<string, unknown>,
    send: (f: object) => void,
    agentId: string | undefined,
  ): Promise<string | undefined> {
    if (msg['type'] === 'login') {
      try {
        await runCommand(this.control, 'login', { agentId: msg['agentId'], password: msg['password'] });
        return String(msg['agentId']);
      } catch (err) {
        send({ type: 'error', message: err instanceof SimError ? err.message : 'Login failed' });
        return undefined;
      }
    }
    const id = msg['id'];
    const name = String(msg['name']);
    try {
      if (!agentId) throw new SimError('unauthorized', 'Log in first');
      if (!isCommand(name) || !COMMANDS[name].agent || name === 'login')
        throw new SimError('bad_request', `Unknown command ${name}`);
      const args = { ...(typeof msg['args'] === 'object' && msg['args'] !== null ? msg['args'] : {}), agentId };
      send({ type: 'result', id, ok: true, result: await runCommand(this.control, name, args) });
    } catch (err) {
      send({ type: 'result', id, ok: false, error: err instanceof SimError ? err.message : 'Internal error' });
    }
    return undefined;
  }
}

/** Browsers send Origin on WebSocket upgrades: only the simulator's own pages may open the desktop socket. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

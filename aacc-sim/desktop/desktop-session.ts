import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AgentSnapshot, ContactSnapshot, OutboxEntry } from '../src/model/types.js';
import type { RichResponseSeed, SkillsetSeed } from '../src/options.js';
import type { SimEvent } from '../src/model/events.js';
import { AgentConnection, type ServerFrame } from './agent-connection.js';

/** How long "customer is typing" shows after the customer's last typing pulse. */
const TYPING_SHOW_MS = 3000;
/** After the connection drops (e.g. the demo restarted), sign in again this often, for this long. */
const RECONNECT_EVERY_MS = 2000;
const RECONNECT_FOR_MS = 5 * 60_000;

/** A line the desktop adds to a chat's log: what happened to the customer's side, not something anyone said. */
export interface Notice {
  at: number;
  text: string;
}

/** The notice an event deserves in its chat's log, if any. */
export function noticeOf(event: SimEvent): Notice | undefined {
  const at = event.at;
  if (event.type === 'customer_disconnected')
    return { at, text: "The customer's connection dropped; waiting for them to come back" };
  if (event.type === 'customer_connected' && event.resumed) return { at, text: 'The customer is back' };
  if (event.type === 'contact_closed' && event.by === 'customer') return { at, text: 'The customer left the chat' };
  if (event.type === 'contact_closed' && event.by === 'abandoned')
    return { at, text: 'The customer did not come back; the chat ended' };
  return undefined;
}

/**
 * The signed-in agent's session: the connection to the simulator, what it pushes (contacts, agents, outbox,
 * customer typing) and the agent's commands. Its host re-renders on every change.
 */
export class DesktopSession implements ReactiveController {
  me: AgentSnapshot | undefined;
  contacts = new Map<string, ContactSnapshot>();
  agents: AgentSnapshot[] = [];
  outbox: OutboxEntry[] = [];
  skillsets: SkillsetSeed[] = [];
  /** Parley's rich responses, for the palette. */
  richResponses: RichResponseSeed[] = [];
  /** The contact open in the main pane. */
  selected: string | undefined;
  /** Contacts whose customer is typing. */
  typing = new Set<string>();
  /** Connection notices per contact, seen while this desktop was open. */
  notices = new Map<string, Notice[]>();
  /** The last failed login or command. */
  error = '';
  connection: AgentConnection | undefined;
  private readonly typingTimers = new Map<string, number>();
  /** Kept in memory only (never stored), to sign in again by itself after a dropped connection. */
  private credentials: { agentId: string; password: string } | undefined;
  private reconnectTimer: number | undefined;
  /**
   * Whether the agent was Ready when the connection dropped: an automatic sign-in puts them back so. Kept in memory
   * beside the credentials, not in sessionStorage: only a page that is still open signs in by itself (a reloaded
   * one asks for the password, and its pagehide already made the agent Not Ready).
   */
  private wasReady = false;
  private readonly onPageHide = () => this.connection?.leave();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly typingShowMs = TYPING_SHOW_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.onPageHide);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    this.credentials = undefined;
    clearTimeout(this.reconnectTimer);
    this.connection?.close();
    for (const t of this.typingTimers.values()) clearTimeout(t);
  }

  /** Connect and sign in; on failure `error` says why. */
  async login(agentId: string, password: string, reconnectUntil?: number): Promise<void> {
    const connection = new AgentConnection();
    if (reconnectUntil === undefined) this.setError('');
    try {
      const hello = await connection.login(agentId, password);
      this.connection = connection;
      this.me = hello.agent;
      this.agents = hello.agents;
      this.outbox = hello.outbox;
      this.skillsets = hello.skillsets;
      this.richResponses = hello.richResponses ?? [];
      this.contacts = new Map(hello.contacts.map((c) => [c.id, c]));
      connection.addEventListener('frame', (ev) => this.onFrame((ev as CustomEvent<ServerFrame>).detail));
      this.credentials = { agentId, password };
      this.setError('');
      connection.addEventListener('closed', () => this.onClosed(connection));
      // Back after a drop: the simulator may have made the agent Not Ready meanwhile (it could not see them for
      // longer than its grace, or lost its state); the tab never closed, so the agent's own choice stands.
      if (reconnectUntil !== undefined && this.wasReady && !hello.agent.ready)
        await this.run('setReady', { ready: true });
    } catch (err) {
      connection.close();
      const message = err instanceof Error ? err.message : 'Login failed';
      // Still restarting: keep the desktop as it is and try again (a wrong password stops it).
      if (reconnectUntil !== undefined && Date.now() < reconnectUntil && !/password/i.test(message))
        return this.reconnect(reconnectUntil);
      if (reconnectUntil !== undefined) this.me = undefined;
      this.error = message;
    }
    this.host.requestUpdate();
  }

  /** The connection dropped without a logout: say so, keep the chats on screen, and sign in again by itself. */
  private onClosed(connection: AgentConnection): void {
    if (this.connection !== connection || !this.credentials) return;
    this.connection = undefined;
    this.wasReady = this.me?.ready === true && !this.me.supervisor;
    this.setError('Disconnected from the contact center; reconnecting…');
    this.reconnect(Date.now() + RECONNECT_FOR_MS);
  }

  private reconnect(until: number): void {
    const creds = this.credentials;
    if (!creds) return;
    this.reconnectTimer = window.setTimeout(
      () => void this.login(creds.agentId, creds.password, until),
      RECONNECT_EVERY_MS,
    );
  }

  /** Run a command for the signed-in agent; a failure lands in `error`. Resolves true on success. */
  async run(name: string, args: Record<string, unknown> = {}): Promise<boolean> {
    const connection = this.connection;
    this.setError('');
    try {
      await connection?.command(name, args);
      return true;
    } catch (err) {
      // A command cut off by a dropped connection must not hide the "reconnecting" notice that replaced it.
      if (connection === this.connection) this.setError(err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  async logout(): Promise<void> {
    if (!(await this.run('logout'))) return;
    this.credentials = undefined;
    this.connection?.close();
    this.me = undefined;
    this.contacts = new Map();
    this.selected = undefined;
    this.host.requestUpdate();
  }

  select(contactId: string): void {
    this.selected = contactId;
    this.host.requestUpdate();
  }

  /** Forget ended contacts (they stay in the simulator; this only tidies the list). */
  clearEnded(): void {
    this.contacts = new Map([...this.contacts].filter(([, c]) => c.state !== 'closed'));
    this.host.requestUpdate();
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'contact': {
        const next = new Map(this.contacts);
        if (frame.visible || next.has(frame.contact.id)) next.set(frame.contact.id, frame.contact);
        this.contacts = next;
        if (!this.selected && frame.visible) this.selected = frame.contact.id;
        break;
      }
      case 'agents':
        this.agents = frame.agents;
        this.me = frame.agents.find((a) => a.id === this.me?.id) ?? this.me;
        break;
      case 'outbox':
        this.outbox = frame.outbox;
        break;
      case 'event':
        if (frame.event.type === 'customer_typing') this.showTyping(frame.event.contactId);
        if (frame.event.type === 'customer_message') this.clearTyping(frame.event.contactId);
        this.addNotice(frame.event);
        break;
      case 'hello':
      case 'result':
      case 'error':
        // The connection settles these itself (login and command replies).
        break;
    }
    this.host.requestUpdate();
  }

  private addNotice(event: SimEvent): void {
    const notice = noticeOf(event);
    if (!notice || !('contactId' in event)) return;
    const next = new Map(this.notices);
    next.set(event.contactId, [...(next.get(event.contactId) ?? []), notice]);
    this.notices = next;
  }

  private showTyping(contactId: string): void {
    this.typing = new Set(this.typing).add(contactId);
    clearTimeout(this.typingTimers.get(contactId));
    this.typingTimers.set(
      contactId,
      window.setTimeout(() => this.clearTyping(contactId), this.typingShowMs),
    );
  }

  private clearTyping(contactId: string): void {
    if (!this.typing.has(contactId)) return;
    const next = new Set(this.typing);
    next.delete(contactId);
    this.typing = next;
    this.host.requestUpdate();
  }

  private setError(message: string): void {
    this.error = message;
    this.host.requestUpdate();
  }
}

/**
 * The AACC simulator's HTTP control API (`POST <simUrl>/sim/control/<name>`), for suites that drive
 * agents or inject faults in a simulator running inside the server process.
 */
import { waitUntil } from './wait.js';

/** The simulator's contact snapshot (the fields the suites read; see aacc-sim/README.md). */
export interface SimContact {
  id: string;
  guid: number;
  kind: 'chat' | 'voice';
  state: string;
  skillset: string;
  customer: { name: string; email?: string; phone?: string; customFields: Array<{ title: string; value: string }> };
  transcript: Array<{
    from: 'customer' | 'agent' | 'system';
    agentId?: string;
    name: string;
    text: string;
    at: number;
  }>;
  participants: Array<{ id: string; name: string; type: string }>;
  offeredTo?: string;
  closedBy?: string;
  outcome?: string;
  callbackId?: string;
  customerConnected?: boolean;
}

export interface SimAgent {
  id: string;
  name: string;
  loggedIn: boolean;
  ready: boolean;
}

export class SimClient {
  constructor(readonly simUrl: string) {}

  /** Runs a control command; rejects with the simulator's coded error on misuse. */
  async call<T = unknown>(name: string, args: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${this.simUrl}/sim/control/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = (await res.json().catch(() => ({}))) as {
      ok?: boolean;
      result?: T;
      error?: { code?: string; message?: string };
    };
    if (!res.ok || !body.ok)
      throw new Error(
        `sim ${name} failed (HTTP ${res.status}): ${body.error?.code ?? ''} ${body.error?.message ?? ''}`,
      );
    return body.result as T;
  }

  contacts(): Promise<SimContact[]> {
    return this.call<SimContact[]>('contacts');
  }

  contact(contactId: string): Promise<SimContact> {
    return this.call<SimContact>('contact', { contactId });
  }

  agents(): Promise<SimAgent[]> {
    return this.call<SimAgent[]>('agents');
  }

  /** Logs an agent in and makes it Ready. */
  async readyAgent(agentId: string, password = 'agent'): Promise<void> {
    await this.call('login', { agentId, password });
    await this.call('setReady', { agentId, ready: true });
  }

  /** Polls until some contact satisfies `pred`. */
  waitForContact(pred: (c: SimContact) => boolean, what: string, timeoutMs?: number): Promise<SimContact> {
    return waitUntil(async () => (await this.contacts()).find(pred), what, timeoutMs);
  }

  /**
   * Ends every open chat so the next scenario starts clean: active chats are closed by one of their
   * agents, offered ones answered then closed, queued ones routed to a helper agent first.
   */
  async closeAllChats(helperAgentId = '5003'): Promise<void> {
    await waitUntil(async () => {
      const open = (await this.contacts()).filter((c) => c.kind === 'chat' && c.state !== 'closed');
      for (const c of open) {
        const agent = c.participants.find((p) => p.type === 'active_participant');
        if (c.state === 'active' && agent)
          await this.call('close', { agentId: agent.id, contactId: c.id }).catch(() => undefined);
        else if (c.state === 'offered' && c.offeredTo) {
          await this.call('answer', { agentId: c.offeredTo, contactId: c.id }).catch(() => undefined);
          await this.call('close', { agentId: c.offeredTo, contactId: c.id }).catch(() => undefined);
        } else if (c.state === 'queued') await this.readyAgent(helperAgentId).catch(() => undefined);
      }
      return open.length === 0;
    }, 'every chat to be closed');
  }

  /** Waits for the simulator's HTTP side to answer (it starts with the server). */
  async waitReady(): Promise<void> {
    await waitUntil(async () => (await fetch(`${this.simUrl}/health`)).ok, `simulator at ${this.simUrl}`);
  }
}

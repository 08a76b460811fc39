/**
 * What a contact-center event means for a conversation, as data: `planContactCenterEvent(event, snapshot)`
 * returns the steps the service carries out in order (audit, participants, view data, one machine event,
 * a message or typing to show). Pure: no I/O, no clock, so every mapping is testable on its own.
 */
import { LIMITS, isSafeUrl, type Author, type Content, type ConversationStatus } from '@parley/protocol';
import type { ViewPatch } from './conversation-data.js';
import type { MachineEvent } from './conversation-machine.js';
import { assertNever } from './failures.js';
import type { AgentRef, ContactCenterEvent } from './ports.js';
import type { AgentCommandResult, EffectContext } from './service-context.js';

/** What the mapping needs to know about the conversation when the event arrives. */
export interface ContactCenterSnapshot {
  status: ConversationStatus;
  /** The last agent left without ending the chat: the next to join is taking over. */
  transferring: boolean;
  /** SEND_AGENT_NAME: whether agents' names reach the customer. */
  sendAgentName: boolean;
  /** The agent's message was a command (`/rich CODE`): what it expands to. */
  command?: AgentCommandResult;
}

export type ContactCenterStep =
  /** An audit event (no personal data). */
  | { type: 'audit'; event: string; data: Record<string, unknown> }
  | { type: 'add_agent'; externalId: string | null; name: string | null }
  | { type: 'remove_agent'; externalId: string | null }
  | { type: 'patch_view'; patch: ViewPatch }
  /** Run through the conversation machine, with the context its effects need. */
  | { type: 'machine'; event: MachineEvent; ctx: EffectContext }
  /** Shown to the customer as is, outside the machine (comfort messages). */
  | { type: 'post'; author: Author; content: Content }
  | { type: 'typing'; author: Author }
  /** Words for the agent alone (AACC's chat carries text only), e.g. the text fallback of a rich response. */
  | { type: 'tell_agent'; text: string }
  /** Refused: logged, nothing else happens. */
  | { type: 'drop'; reason: string };

const SYSTEM_AUTHOR: Author = { role: 'system' };
/** Frequent and content-bearing: not audited. */
const UNAUDITED = new Set<ContactCenterEvent['type']>(['agent_message', 'agent_typing', 'comfort']);

export function planContactCenterEvent(e: ContactCenterEvent, snap: ContactCenterSnapshot): ContactCenterStep[] {
  const steps: ContactCenterStep[] = UNAUDITED.has(e.type)
    ? []
    : [{ type: 'audit', event: `contact_center.${e.type}`, data: auditOf(e) }];
  return [...steps, ...stepsOf(e, snap)];
}

function stepsOf(e: ContactCenterEvent, snap: ContactCenterSnapshot): ContactCenterStep[] {
  const agents = (participants: AgentRef[]) => participants.map((a) => agentView(a, snap.sendAgentName));
  switch (e.type) {
    case 'queued': {
      // A position below 1 (being offered to an agent) or none is not a place in the queue.
      const place = e.position !== undefined && e.position >= 1 ? e.position : undefined;
      const queue =
        place === undefined
          ? null
          : {
              position: place,
              ...(e.estimatedWaitSeconds === undefined ? {} : { estimatedWaitSeconds: e.estimatedWaitSeconds }),
            };
      return [
        { type: 'patch_view', patch: { queue } },
        machine(
          { type: 'cc_queued', ...(e.position === undefined ? {} : { position: e.position }) },
          { viewChanged: true },
        ),
      ];
    }
    case 'comfort':
      return e.text && snap.status !== 'ended'
        ? [{ type: 'post', author: SYSTEM_AUTHOR, content: { type: 'text', text: clip(e.text) } }]
        : [];
    case 'agent_joined':
      return [
        { type: 'add_agent', externalId: e.agent.id ?? null, name: e.agent.name ?? null },
        { type: 'patch_view', patch: { transferring: false, agents: agents(e.participants) } },
        machine(
          { type: 'cc_agent_joined', participants: e.participants.length, afterTransfer: snap.transferring },
          { notifyData: agentData(e.agent, snap.sendAgentName), viewChanged: true },
        ),
      ];
    case 'agent_left': {
      // The last agent leaving without ending the chat hands it on (EWC transfer/requeue): no stale queue place.
      const handedOn = e.participants.length === 0 && snap.status === 'with_agent';
      const patch: ViewPatch = handedOn
        ? { transferring: true, queue: null, agents: agents(e.participants) }
        : { agents: agents(e.participants) };
      return [
        { type: 'remove_agent', externalId: e.agent.id ?? null },
        { type: 'patch_view', patch },
        machine(
          { type: 'cc_agent_left', remaining: e.participants.length },
          { notifyData: agentData(e.agent, snap.sendAgentName), viewChanged: true },
        ),
      ];
    }
    case 'agent_message': {
      const extra = { externalId: e.externalId };
      const { command } = snap;
      if (!command) return [machine({ type: 'cc_agent_message' }, agentMessage(e.agent, e.text, snap, extra))];
      const tell: ContactCenterStep = { type: 'tell_agent', text: command.agentWords };
      if (!command.content) return [tell];
      return [machine({ type: 'cc_agent_message' }, agentMessage(e.agent, e.text, snap, extra, command.content)), tell];
    }
    case 'page_push':
      // Only http(s)/mailto/tel links ever reach a customer, whoever sends them.
      if (!isSafeUrl(e.url) || e.url.length > LIMITS.urlMaxChars)
        return [{ type: 'drop', reason: 'unsafe page push from the contact center dropped' }];
      // The URL itself is the message: the widget draws it as a link card, a messaging channel shows it inline.
      return [machine({ type: 'cc_agent_message' }, agentMessage(e.agent, e.url, snap, {}))];
    case 'agent_typing':
      return snap.status === 'with_agent' ? [{ type: 'typing', author: agentAuthor(e.agent, snap.sendAgentName) }] : [];
    case 'connection_lost':
      // Tell the customer once per outage, not on every retry.
      return e.attempt <= 1
        ? [machine({ type: 'cc_connection', up: false }, { notifyData: { maxAttempts: e.maxAttempts } })]
        : [];
    case 'connection_restored':
      return [machine({ type: 'cc_connection', up: true })];
    case 'failed':
      return [machine({ type: 'cc_failed', reason: e.reason })];
    case 'ended':
      return [machine({ type: 'cc_ended', by: e.by })];
    default:
      return assertNever(e);
  }
}

function machine(event: MachineEvent, ctx: EffectContext = {}): ContactCenterStep {
  return { type: 'machine', event, ctx };
}

/** An agent's text (or pushed link) as the message to post; blank text posts nothing. */
function agentMessage(
  agent: AgentRef,
  raw: string,
  snap: ContactCenterSnapshot,
  extra: { externalId?: string | undefined },
  expanded?: Content,
): EffectContext {
  const text = clip(raw.trim());
  if (text === '') return {};
  const content: Content = expanded ?? { type: 'text', text };
  // The provider's message id makes a redelivered agent message (e.g. after a reconnect) idempotent.
  const id = extra.externalId;
  const clientMsgId = id && /^[A-Za-z0-9_.:-]{1,60}$/.test(id) ? `cc:${id}` : undefined;
  return {
    agentMessage: { author: agentAuthor(agent, snap.sendAgentName), content, ...(clientMsgId ? { clientMsgId } : {}) },
  };
}

function agentAuthor(agent: AgentRef, sendAgentName: boolean): Author {
  const author: Author = { role: 'agent' };
  if (agent.id) author.id = agent.id.slice(0, 64);
  if (sendAgentName && agent.name) author.name = agent.name.slice(0, 100);
  return author;
}

function agentView(agent: AgentRef, sendAgentName: boolean): { id?: string; name?: string } {
  const { role: _role, ...rest } = agentAuthor(agent, sendAgentName);
  return rest;
}

function agentData(agent: AgentRef, sendAgentName: boolean): Record<string, string> {
  return sendAgentName && agent.name ? { agentName: agent.name.slice(0, 100) } : {};
}

function clip(text: string): string {
  return text.length <= LIMITS.textMaxChars ? text : `${text.slice(0, LIMITS.textMaxChars - 1)}…`;
}

/** Audit data without personal data: no text, no names. */
function auditOf(e: ContactCenterEvent): Record<string, unknown> {
  switch (e.type) {
    case 'queued':
      return { position: e.position ?? null };
    case 'agent_joined':
    case 'agent_left':
      return { agentId: e.agent.id ?? null, participants: e.participants.length };
    case 'connection_lost':
      return { attempt: e.attempt, maxAttempts: e.maxAttempts };
    case 'failed':
      return { reason: e.reason };
    case 'ended':
      return { by: e.by };
    case 'comfort':
    case 'agent_message':
    case 'agent_typing':
    case 'page_push':
    case 'connection_restored':
      return {};
    default:
      return assertNever(e);
  }
}

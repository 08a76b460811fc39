/**
 * What the conversation service is built from, and what its modules (bot turns, escalation, voice, effects,
 * sweeps, sessions) share: the ports, the conversation records, and the one way to run a machine event.
 */
import type { Author, Content } from '@parley/protocol';
import type { Logger } from 'pino';
import type { MachineEvent } from './conversation-machine.js';
import type { ConversationRecords } from './conversation-records.js';
import type { Outbound } from './outbound.js';
import type { MessageInbox } from './left-messages.js';
import type { BotEngine, Clock, ContactCenter, ConversationRecord, Fanout, Store, VoiceService } from './ports.js';
import type { InboundContent } from './customer-input.js';

export type ServiceLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface ConversationSettings {
  sendAgentJoinInfo: boolean;
  sendAgentName: boolean;
  defaultSkillset: string;
  requestTranscript: boolean;
  defaultLocale: string;
  defaultCountry: string;
  /** How long a customer waits in the queue before being offered to leave a message instead; 0 or unset: never. */
  queueOfferAfterMs?: number;
}

/** What an agent's command expands to: the content for the customer (none when refused), the words for the agent. */
export interface AgentCommandResult {
  content?: Content;
  agentWords: string;
}

/** Commands an agent types in a text-only contact center (`/rich CODE`); undefined for an ordinary message. */
export interface AgentCommands {
  expand(text: string): AgentCommandResult | undefined;
}

export interface ConversationServiceDeps {
  store: Store;
  bot: BotEngine;
  contactCenter: ContactCenter;
  /** The web widget's tabs; delivery goes through it unless `outbound` is given. */
  fanout: Fanout;
  /** Delivery to the customer; default: the fanout, as frames (see outbound.ts). */
  outbound?: Outbound;
  clock: Clock;
  /** Absent when voice escalation is not deployed: voice requests then fail politely. */
  voice?: VoiceService;
  logger: ServiceLogger;
  settings: ConversationSettings;
  agentCommands?: AgentCommands;
  /** Absent when nowhere is configured for left messages: they then stay in the conversation only. */
  messageInbox?: MessageInbox;
}

/** What an effect needs beyond the machine's data: the input that caused it and where answers go. */
export interface EffectContext {
  /** Where the customer's request came from, for per-client abuse limits on callbacks. */
  clientAddress?: string;
  clientMsgId?: string;
  customerContent?: InboundContent;
  /** A message from the agent side, ready to post; absent when there is nothing to show (a blank message). */
  agentMessage?: { author: Author; content: Content; clientMsgId?: string };
  notifyData?: Record<string, string | number | boolean | null>;
  /** Details the bot attached to an escalate action (e.g. phone and callAt for a callback). */
  escalationDetails?: Readonly<Record<string, string>>;
  /** The view data (queue, agents, call) changed: publish the view even if the state did not. */
  viewChanged?: boolean;
  /** Tells the sender alone which answers of a form were refused. */
  formInvalid?: (formId: string, fields: Record<string, string>) => void;
}

/**
 * Runs one machine event on a conversation. `strict`: a refusal throws (customer requests); otherwise it is
 * logged and ignored (late events). `known` saves a read when the caller holds the current record.
 */
export type ApplyEvent = (
  conversationId: string,
  event: MachineEvent,
  ctx: EffectContext,
  strict?: boolean,
  known?: ConversationRecord,
) => Promise<void>;

export interface DomainContext {
  readonly deps: Readonly<ConversationServiceDeps>;
  readonly records: ConversationRecords;
  readonly apply: ApplyEvent;
}

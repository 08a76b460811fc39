import { readFileSync } from 'node:fs';
import { systemClock, type Clock } from './model/clock.js';

/** Minimal pino-compatible logger. */
export interface SimLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SkillsetSeed {
  name: string;
  kind: 'chat' | 'voice';
  description?: string;
}

export interface AgentSeed {
  id: string;
  name: string;
  password?: string;
  skillsets?: string[];
  maxChats?: number;
}

export interface ComfortGroup {
  groupName: string;
  delay: number;
  numberOfMessages: number;
  messages: Array<{ message: string; sequence: number }>;
}

export interface OnHoldUrlGroup {
  tag: string;
  description: string;
  holdTime: number;
  sequence: number;
  urls: Array<{ url: string }>;
}

/** A rich response the agent can send, listed in the desktop's palette (the agent types `/rich CODE`). */
export interface RichResponseSeed {
  code: string;
  title: string;
  /** What it is (carousel, image, location...), shown beside the title. */
  kind?: string;
  /** The text the customer's channel falls back to. */
  fallback?: string;
}

/** Options of {@link startSimulator}; every field is optional. See README.md for the defaults. */
export interface SimOptions {
  port?: number;
  host?: string;
  /** PEM strings or paths to PEM files. */
  tls?: { cert: string; key: string };
  roleField?: 'role' | 'participantRole' | 'both';
  pingReply?: 'notification' | 'acknowledgement' | 'pong';
  errorMethod?: 'request' | 'error';
  ackNewMessage?: boolean;
  earlyMessages?: 'queue' | 'reject';
  agentEndSteps?: { closeConversation?: boolean; serverClose?: boolean };
  customerCloseDelayMs?: number;
  /** How long a closing customer socket may take to finish the close handshake before it is terminated. */
  closeGraceMs?: number;
  resumeWindowMs?: number;
  replayOnResume?: boolean;
  restartKeepsSessions?: boolean;
  restartDowntimeMs?: number;
  allowedOrigins?: string[];
  keepAliveMs?: number;
  maxChatsPerCustomer?: number;
  autoAnswer?: boolean;
  agentTypingPulseMs?: number;
  /** How long a Ready agent whose desktop socket dropped (not a closed tab) stays Ready waiting for it to return. */
  desktopReconnectGraceMs?: number;
  voice?: { ringTimeoutMs?: number; queueTimeoutMs?: number };
  /** Delivery of callback status reports: attempts per report, per-attempt timeout, first retry delay (doubles). */
  statusReports?: { attempts?: number; timeoutMs?: number; backoffMs?: number };
  /** Time source of every simulator timer; a manual clock lets tests cross timeouts without waiting. */
  clock?: Clock;
  skillsets?: SkillsetSeed[];
  agents?: AgentSeed[];
  supervisors?: AgentSeed[];
  agentPassword?: string;
  webOnHold?: { comfortGroups?: ComfortGroup[]; urls?: OnHoldUrlGroup[] };
  averageHandleSeconds?: number;
  /** The desktop's rich media palette (Parley passes its catalogue of `/rich` codes). */
  richResponses?: RichResponseSeed[];
  /** Keep open chats and agents' sign-in in this JSON file, so a restarted simulator resumes them (sim-state.ts). */
  stateFile?: string;
  logger?: SimLogger;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  port: number;
  host: string;
  tls: { cert: string; key: string } | undefined;
  roleField: 'role' | 'participantRole' | 'both';
  pingReply: 'notification' | 'acknowledgement' | 'pong';
  errorMethod: 'request' | 'error';
  ackNewMessage: boolean;
  stateFile: string | undefined;
  earlyMessages: 'queue' | 'reject';
  agentEndSteps: { closeConversation: boolean; serverClose: boolean };
  customerCloseDelayMs: number;
  closeGraceMs: number;
  resumeWindowMs: number;
  replayOnResume: boolean;
  restartKeepsSessions: boolean;
  restartDowntimeMs: number;
  allowedOrigins: string[] | undefined;
  keepAliveMs: number;
  maxChatsPerCustomer: number;
  autoAnswer: boolean;
  agentTypingPulseMs: number;
  desktopReconnectGraceMs: number;
  voice: { ringTimeoutMs: number; queueTimeoutMs: number };
  statusReports: { attempts: number; timeoutMs: number; backoffMs: number };
  clock: Clock;
  skillsets: SkillsetSeed[];
  agents: Array<Required<AgentSeed>>;
  supervisors: Array<Required<AgentSeed>>;
  webOnHold: { comfortGroups: ComfortGroup[]; urls: OnHoldUrlGroup[] };
  averageHandleSeconds: number;
  richResponses: RichResponseSeed[];
  logger: SimLogger;
}

const SILENT: SimLogger = { debug() {}, info() {}, warn() {}, error() {} };

export const DEFAULT_SKILLSETS: SkillsetSeed[] = [
  { name: 'WC_Default_Skillset', kind: 'chat', description: 'Default web chat skillset' },
  { name: 'WC_Billing', kind: 'chat', description: 'Billing web chat' },
  { name: 'WC_Sales', kind: 'chat', description: 'Sales web chat' },
  { name: 'VOICE_Default_Skillset', kind: 'voice', description: 'Default voice skillset' },
  { name: 'VOICE_Billing', kind: 'voice', description: 'Billing voice skillset' },
];

const DEFAULT_AGENTS: AgentSeed[] = [
  { id: '5001', name: 'Agent Smith' },
  { id: '5002', name: 'Agent Jones' },
  { id: '5003', name: 'Agent Brown' },
];

const DEFAULT_SUPERVISORS: AgentSeed[] = [{ id: '9001', name: 'Supervisor White' }];

const DEFAULT_COMFORT: ComfortGroup[] = [
  {
    groupName: 'Default comfort group',
    delay: 30,
    numberOfMessages: 2,
    messages: [
      { message: 'Thank you for waiting, an agent will be with you shortly.', sequence: 1 },
      { message: 'All our agents are still busy. Thank you for your patience.', sequence: 2 },
    ],
  },
];

const DEFAULT_URLS: OnHoldUrlGroup[] = [
  {
    tag: 'help',
    description: 'Help centre',
    holdTime: 60,
    sequence: 1,
    urls: [{ url: 'https://example.com/help' }],
  },
];

function pem(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}

function seedAgents(seeds: AgentSeed[], password: string, skillsets: string[]): Array<Required<AgentSeed>> {
  return seeds.map((a) => ({
    id: a.id,
    name: a.name,
    password: a.password ?? password,
    skillsets: a.skillsets ?? skillsets,
    maxChats: a.maxChats ?? 3,
  }));
}

/** Apply defaults; reads TLS PEM files given as paths. */
export function resolveOptions(opts: SimOptions = {}): ResolvedOptions {
  const skillsets = opts.skillsets ?? DEFAULT_SKILLSETS;
  const allSkills = skillsets.map((s) => s.name);
  const password = opts.agentPassword ?? 'agent';
  return {
    port: opts.port ?? 0,
    host: opts.host ?? '127.0.0.1',
    tls: opts.tls ? { cert: pem(opts.tls.cert), key: pem(opts.tls.key) } : undefined,
    roleField: opts.roleField ?? 'role',
    pingReply: opts.pingReply ?? 'notification',
    errorMethod: opts.errorMethod ?? 'request',
    ackNewMessage: opts.ackNewMessage ?? true,
    stateFile: opts.stateFile,
    earlyMessages: opts.earlyMessages ?? 'queue',
    agentEndSteps: {
      closeConversation: opts.agentEndSteps?.closeConversation ?? true,
      serverClose: opts.agentEndSteps?.serverClose ?? true,
    },
    customerCloseDelayMs: opts.customerCloseDelayMs ?? 100,
    closeGraceMs: opts.closeGraceMs ?? 2000,
    resumeWindowMs: opts.resumeWindowMs ?? 180_000,
    replayOnResume: opts.replayOnResume ?? false,
    restartKeepsSessions: opts.restartKeepsSessions ?? true,
    restartDowntimeMs: opts.restartDowntimeMs ?? 200,
    allowedOrigins: opts.allowedOrigins,
    keepAliveMs: opts.keepAliveMs ?? 60_000,
    maxChatsPerCustomer: opts.maxChatsPerCustomer ?? 3,
    autoAnswer: opts.autoAnswer ?? false,
    agentTypingPulseMs: opts.agentTypingPulseMs ?? 3000,
    desktopReconnectGraceMs: opts.desktopReconnectGraceMs ?? 30_000,
    voice: {
      ringTimeoutMs: opts.voice?.ringTimeoutMs ?? 30_000,
      queueTimeoutMs: opts.voice?.queueTimeoutMs ?? 600_000,
    },
    statusReports: {
      attempts: opts.statusReports?.attempts ?? 3,
      timeoutMs: opts.statusReports?.timeoutMs ?? 5000,
      backoffMs: opts.statusReports?.backoffMs ?? 200,
    },
    clock: opts.clock ?? systemClock,
    skillsets,
    agents: seedAgents(opts.agents ?? DEFAULT_AGENTS, password, allSkills),
    supervisors: seedAgents(opts.supervisors ?? DEFAULT_SUPERVISORS, password, allSkills),
    webOnHold: {
      comfortGroups: opts.webOnHold?.comfortGroups ?? DEFAULT_COMFORT,
      urls: opts.webOnHold?.urls ?? DEFAULT_URLS,
    },
    averageHandleSeconds: opts.averageHandleSeconds ?? 120,
    richResponses: opts.richResponses ?? [],
    logger: opts.logger ?? SILENT,
  };
}

/** Participant types used on the EWC wire. */
export type ParticipantType = 'active_participant' | 'passive_participant' | 'supervisor';

export interface Participant {
  id: string;
  name: string;
  type: ParticipantType;
}

export interface CustomField {
  title: string;
  value: string;
}

/** Customer intrinsics as received (chat) or requested (callback). */
export interface Customer {
  name: string;
  email?: string;
  phone?: string;
  country?: string;
  area?: string;
  customFields: CustomField[];
}

export interface TranscriptEntry {
  from: 'customer' | 'agent' | 'system';
  agentId?: string;
  name: string;
  text: string;
  at: number;
  /** An agent's message written while the customer's socket was gone, and not replayed: it never reached them. */
  undelivered?: true;
}

export type ChatState = 'queued' | 'offered' | 'active' | 'closed';
export type VoiceState = 'scheduled' | 'queued' | 'ringing' | 'connected' | 'closed';
export type VoiceOutcome = 'completed' | 'no_answer' | 'cancelled' | 'failed';
export type ClosedBy = 'customer' | 'agent' | 'abandoned' | 'expired' | 'system';

/** Callback status values reported to `statusCallbackUrl`. */
export type CallbackStatus =
  'scheduled' | 'dialling' | 'ringing' | 'connected' | 'completed' | 'no_answer' | 'cancelled' | 'failed';

/** A chat or voice contact. Internal, mutable; snapshots are handed out. */
export interface Contact {
  id: string;
  guid: number;
  authKey: string;
  kind: 'chat' | 'voice';
  state: ChatState | VoiceState;
  skillset: string;
  customer: Customer;
  customerKey: string;
  requestTranscript: boolean;
  transcript: TranscriptEntry[];
  participants: Participant[];
  offeredTo?: string;
  queuedAt: number;
  dueAt?: number;
  answeredAt?: number;
  closedAt?: number;
  closedBy?: ClosedBy;
  outcome?: VoiceOutcome;
  callbackId?: string;
  /** Customer socket currently bound (chat). */
  customerConnected: boolean;
}

/** Read-only copy of a contact (no session secret). */
export type ContactSnapshot = Omit<Contact, 'authKey' | 'customerKey'>;

export interface Agent {
  id: string;
  name: string;
  password: string;
  skillsets: string[];
  maxChats: number;
  supervisor: boolean;
  loggedIn: boolean;
  ready: boolean;
  /** Last time the agent became ready, was assigned a contact or was freed. */
  idleSince: number;
  /** Same moment as a strictly increasing sequence (ties in ms impossible): routing picks the smallest. */
  idleOrder: number;
  lastTypingPulse: Map<string, number>;
}

/** What the control API and the desktop see of an agent: never the password or routing internals. */
export type AgentSnapshot = Pick<
  Agent,
  'id' | 'name' | 'skillsets' | 'maxChats' | 'supervisor' | 'loggedIn' | 'ready' | 'idleSince'
> & {
  contactIds: string[];
};

export interface OutboxEntry {
  to: string;
  contactId: string;
  subject: string;
  body: string;
  at: number;
}

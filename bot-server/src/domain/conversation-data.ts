/**
 * The conversation service's slice of ConversationRecord: how the machine state is stored, what
 * lives in `data`, and how the customer's view (`conversation.view`) is derived from both.
 */
import { ConversationStatusSchema, type ConversationStatus, type ConversationView } from '@parley/protocol';
import type { BotState, ConversationRecord } from './ports.js';

/** What the service keeps in ConversationRecord.data (JSON). */
export interface ConversationData {
  bot?: BotState;
  locale?: string;
  page?: { url?: string; title?: string };
  lastIntent?: string;
  /** Escalation skillset chosen by the bot, if any. */
  skillset?: string;
  /** The last agent left without ending the chat: the next agent to join is taking over (a transfer). */
  transferring?: boolean;
  view?: {
    queue?: NonNullable<ConversationView['queue']>;
    agents?: NonNullable<ConversationView['agents']>;
    call?: NonNullable<ConversationView['call']>;
  };
}

export function dataOf(rec: ConversationRecord): ConversationData {
  return rec.data;
}

type ViewData = NonNullable<ConversationData['view']>;

/**
 * A change to the view data: a value replaces, `null` removes, an absent key keeps. `transferring: false`
 * forgets that a transfer was under way.
 */
export interface ViewPatch {
  queue?: ViewData['queue'] | null;
  agents?: ViewData['agents'];
  call?: ViewData['call'];
  transferring?: boolean;
}

export function applyViewPatch(data: ConversationData, patch: ViewPatch): ConversationData {
  const { transferring: _was, ...kept } = data;
  const out: ConversationData =
    patch.transferring === undefined ? { ...data } : patch.transferring ? { ...kept, transferring: true } : kept;
  const view: ViewData = { ...data.view };
  if (patch.queue === null) delete view.queue;
  else if (patch.queue) view.queue = patch.queue;
  if (patch.agents) view.agents = patch.agents;
  if (patch.call) view.call = patch.call;
  out.view = view;
  return out;
}

/** The stored state string as a status; an unknown value (e.g. a newer version wrote it) is refused loudly. */
export function statusOf(rec: ConversationRecord): ConversationStatus {
  const parsed = ConversationStatusSchema.safeParse(rec.state);
  if (!parsed.success) throw new TypeError(`conversation ${rec.id} has unknown state ${JSON.stringify(rec.state)}`);
  return parsed.data;
}

/** The customer's view: queue details only while queued, agents only with an agent, the call only on the voice side. */
export function viewOf(rec: ConversationRecord): ConversationView {
  const status = statusOf(rec);
  const v = dataOf(rec).view ?? {};
  const view: ConversationView = { status };
  if (status === 'queued' && v.queue) view.queue = v.queue;
  if (status === 'with_agent' && v.agents) view.agents = v.agents;
  if ((status === 'voice_requested' || status === 'voice_active') && v.call) view.call = v.call;
  return view;
}

import type { Author, ConversationView, Message } from '@parley/protocol';
import type { WidgetStorage } from './storage.js';

/** How many recent messages are cached for an instant restore after a reload. */
const CACHE_MESSAGES = 60;
const CACHE_KEY = 'conversation';

interface Snapshot {
  token?: string;
  conversationId?: string;
  epoch?: string;
  view?: ConversationView;
  messages?: Message[];
  refused?: string[];
  earlier?: boolean;
}

/**
 * The transcript and conversation state as one tab knows it: messages kept in seq order with
 * duplicates (same id, or same conversation + seq) ignored, the server's view of the conversation,
 * history paging and per-form server errors. It is plain data: no DOM, no socket. Every change
 * dispatches `change`; the recent part is cached in storage so a reload shows it instantly.
 */
export class ConversationStore extends EventTarget {
  token: string | undefined;
  conversationId: string | undefined;
  /** The welcome's epoch: sent back with `lastSeq`, which means nothing in another epoch. */
  epoch: string | undefined;
  view: ConversationView = { status: 'bot' };
  /** Messages in display order: earlier conversations (from history) first, then by seq. */
  messages: Message[] = [];
  /** Cursor for the next `history.fetch`; null once the server said there is nothing older. */
  historyCursor: string | null | undefined = undefined;
  /**
   * Whether this visitor (token) is known to have had conversations before the current one: the
   * server moved us to a new conversation for the same token, or history held another conversation.
   * Cached, so "Show history" is still offered after a reload (only the current conversation is cached).
   */
  hasEarlierConversations = false;
  historyLoading = false;
  /** Who is typing right now (bot or agent), if anyone. */
  typing: Author | undefined;
  /** Server settings from the last `session.welcome` (the server is authoritative on limits). */
  settings: { textMaxChars: number } = { textMaxChars: 4096 };
  /** form id -> field name -> message key, from `form.invalid`. */
  formErrors = new Map<string, Record<string, string>>();
  /**
   * clientMsgIds of form answers the server refused with `form.invalid`. The server stores every
   * customer message before the bot validates it, so a refused answer is in the transcript too; it
   * must not lock its form. Cached with the messages so a reload keeps the form open.
   */
  private readonly refused = new Set<string>();
  private readonly ids = new Set<string>();

  constructor(private readonly storage: WidgetStorage) {
    super();
    const snap = storage.get<Snapshot>(CACHE_KEY);
    if (snap && typeof snap === 'object') {
      this.token = typeof snap.token === 'string' ? snap.token : undefined;
      this.conversationId = typeof snap.conversationId === 'string' ? snap.conversationId : undefined;
      this.epoch = typeof snap.epoch === 'string' ? snap.epoch : undefined;
      if (snap.view && typeof snap.view.status === 'string') this.view = snap.view;
      if (Array.isArray(snap.messages)) this.insertMany(snap.messages.filter(isMessageLike), false);
      if (Array.isArray(snap.refused)) for (const id of snap.refused) if (typeof id === 'string') this.refused.add(id);
      this.hasEarlierConversations = snap.earlier === true && this.token !== undefined;
    }
  }

  /** Highest seq of the current conversation held here (0 when none). Sent as `lastSeq` in hello. */
  get lastSeq(): number {
    let max = 0;
    for (const m of this.messages) if (m.conversationId === this.conversationId && m.seq > max) max = m.seq;
    return max;
  }

  /**
   * Whether "Show history" may find something: the server gave a cursor to older pages, or it was not
   * asked yet and either the earliest message held is not the conversation's first (seq > 1) or the
   * visitor had earlier conversations. False for a brand-new visitor's first conversation.
   */
  get mayHaveOlder(): boolean {
    if (!this.token || this.historyCursor === null) return false;
    if (typeof this.historyCursor === 'string' || this.hasEarlierConversations) return true;
    const first = this.messages[0];
    return first !== undefined && (first.conversationId !== this.conversationId || first.seq > 1);
  }

  /** Adds one message in order. Returns false for a duplicate. */
  insert(message: Message): boolean {
    const added = this.add(message);
    if (added) this.changed();
    return added;
  }

  /** Adds many messages (a replay or a history page). Returns those that were new. */
  insertMany(messages: readonly Message[], notify = true): Message[] {
    const added = messages.filter((m) => this.add(m));
    if (added.length && notify) this.changed();
    return added;
  }

  /** Starts over for a new session (`replay: new`) or a reset (`replay: reset`); history is reloaded. */
  resetConversation(token: string, conversationId: string, keepMessages: boolean): void {
    const sameVisitor = this.token === token;
    this.hasEarlierConversations =
      sameVisitor &&
      (this.hasEarlierConversations || (this.conversationId !== undefined && this.conversationId !== conversationId));
    this.token = token;
    this.conversationId = conversationId;
    if (!keepMessages) {
      this.messages = [];
      this.ids.clear();
    }
    this.historyCursor = undefined;
    this.formErrors.clear();
    if (!keepMessages) this.refused.clear();
    this.changed();
  }

  /** Records the session identity from `session.welcome`. */
  setSession(token: string, conversationId: string): void {
    if (this.conversationId !== undefined && this.conversationId !== conversationId) this.formErrors.clear();
    if (token !== this.token) this.hasEarlierConversations = false;
    this.token = token;
    this.conversationId = conversationId;
    this.changed();
  }

  /**
   * The visitor ended the conversation and starts a new one: the token (the visitor) stays, so the server
   * opens the new conversation for the same visitor and the ended one stays reachable through "Show history".
   */
  startOver(): void {
    this.hasEarlierConversations = this.token !== undefined;
    this.conversationId = undefined;
    this.view = { status: 'bot' };
    this.messages = [];
    this.ids.clear();
    this.historyCursor = undefined;
    this.formErrors.clear();
    this.refused.clear();
    this.changed();
  }

  /** Forgets the token (refused by the server). */
  forgetSession(): void {
    this.token = undefined;
    this.conversationId = undefined;
    this.hasEarlierConversations = false;
    this.view = { status: 'bot' };
    this.changed();
  }

  setView(view: ConversationView): void {
    this.view = view;
    this.changed();
  }

  setTyping(author: Author | undefined): void {
    this.typing = author;
    this.changed();
  }

  setHistoryLoading(loading: boolean): void {
    this.historyLoading = loading;
    this.changed();
  }

  /** Applies a history page: older messages plus the cursor for the page before it. */
  applyHistory(messages: readonly Message[], before: string | undefined): void {
    this.insertMany(messages, false);
    if (messages.some((m) => m.conversationId !== this.conversationId)) this.hasEarlierConversations = true;
    this.historyCursor = before ?? null;
    this.historyLoading = false;
    this.changed();
  }

  /** Records the server's verdict on the answer sent as `clientMsgId`: field name -> message key. */
  setFormErrors(formId: string, fields: Record<string, string>, clientMsgId: string): void {
    this.formErrors.set(formId, fields);
    this.refused.add(clientMsgId);
    this.changed();
  }

  /** Whether the server accepted an answer to form `formId` (then the form card is locked). */
  isFormAnswered(formId: string): boolean {
    return this.messages.some(
      (m) =>
        m.content.type === 'form_response' &&
        m.content.formId === formId &&
        !(m.clientMsgId !== undefined && this.refused.has(m.clientMsgId)),
    );
  }

  /** Messages with seq > `seq` in the current conversation not written by the customer. */
  countUnreadAfter(seq: number): number {
    return this.messages.filter(
      (m) => m.conversationId === this.conversationId && m.seq > seq && m.author.role !== 'customer',
    ).length;
  }

  private add(message: Message): boolean {
    const key = `${message.conversationId}#${message.seq}`;
    if (this.ids.has(message.id) || this.ids.has(key)) return false;
    this.ids.add(message.id);
    this.ids.add(key);
    // Earlier conversations sort before the current one; within one, by seq; across, by time.
    const at = this.messages.findIndex((m) => compare(message, m, this.conversationId) < 0);
    if (at < 0) this.messages.push(message);
    else this.messages.splice(at, 0, message);
    return true;
  }

  private changed(): void {
    const current = this.messages.filter((m) => m.conversationId === this.conversationId).slice(-CACHE_MESSAGES);
    const refused = current.flatMap((m) =>
      m.content.type === 'form_response' && m.clientMsgId !== undefined && this.refused.has(m.clientMsgId)
        ? [m.clientMsgId]
        : [],
    );
    const snap: Snapshot = {
      token: this.token,
      conversationId: this.conversationId,
      epoch: this.epoch,
      view: this.view,
      messages: current,
      refused,
      earlier: this.hasEarlierConversations,
    };
    this.storage.set(CACHE_KEY, snap);
    this.dispatchEvent(new Event('change'));
  }
}

function compare(a: Message, b: Message, current: string | undefined): number {
  if (a.conversationId === b.conversationId) return a.seq - b.seq;
  if (a.conversationId === current) return 1;
  if (b.conversationId === current) return -1;
  return a.createdAt - b.createdAt;
}

function isMessageLike(v: unknown): v is Message {
  const m = v as Message | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.seq === 'number' &&
    typeof m.conversationId === 'string' &&
    typeof m.content === 'object' &&
    m.content !== null &&
    typeof m.author === 'object'
  );
}

import { type Action, type ClientFrameOf, type ConversationStatus, type CustomerContent } from '@parley/protocol';
import { parseServerFrame } from '../protocol/parse-server-frame.js';
import { ConnectionController, type ConnectionTiming } from '../controllers/connection-controller.js';
import { ParleyConnectionChangeEvent } from '../events/parley-connection-change.js';
import { ParleyEscalateEvent } from '../events/parley-escalate.js';
import { ParleyMessageSendEvent } from '../events/parley-message-send.js';
import { ParleyMessageEvent } from '../events/parley-message.js';
import { socketUrl } from '../options.js';
import type { ConnectionState } from '../state/connection-state.js';
import { ConversationStore } from '../state/conversation-store.js';
import { Outbox, type PendingMessage } from '../state/outbox.js';
import type { WidgetStorage } from '../state/storage.js';
import { readUi, writeUi } from '../state/ui-state.js';
import type { SessionApi } from './session-api.js';
import type { SessionHost } from './session-host.js';
import { fetchUploadSettings, type UploadSettings } from './upload-settings.js';

/** Typing notifications go out at most this often while the visitor types. */
const TYPING_EVERY_MS = 4000;

type User = NonNullable<ClientFrameOf<'session.hello'>['user']>;

/**
 * One tab's view of the conversation: the store, the outbox and the socket (ConnectionController,
 * hosted by <parley-chat> through SessionHost), plus the bridge to the public `parley-*` events and the
 * unread count shared by all tabs.
 */
export class ChatSession implements SessionApi {
  readonly store: ConversationStore;
  private readonly outbox: Outbox;
  private readonly connection: ConnectionController;
  private user: User | undefined;
  private lastTypingSent = 0;
  private lastStatus: ConversationStatus | undefined;
  private uploads: Promise<UploadSettings> | undefined;

  constructor(
    private readonly host: SessionHost,
    private readonly storage: WidgetStorage,
    timing?: Partial<ConnectionTiming>,
  ) {
    this.store = new ConversationStore(storage);
    this.outbox = new Outbox(storage);
    this.lastStatus = this.store.view.status;
    this.connection = new ConnectionController(host, {
      url: socketUrl(host.options.server),
      store: this.store,
      outbox: this.outbox,
      locale: host.options.locale,
      user: () => this.user,
      timing,
      onMessage: (message) => host.dispatchEvent(new ParleyMessageEvent({ message })),
      onStateChange: (state) => host.dispatchEvent(new ParleyConnectionChangeEvent({ state })),
    });
    this.store.addEventListener('change', this.handleChange);
    host.addController(this);
  }

  hostConnected(): void {
    this.store.addEventListener('change', this.handleChange);
    document.addEventListener('visibilitychange', this.handleVisibility);
  }

  hostDisconnected(): void {
    this.store.removeEventListener('change', this.handleChange);
    document.removeEventListener('visibilitychange', this.handleVisibility);
  }

  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  get connectionFailure(): string | undefined {
    return this.connection.failure;
  }

  get draft(): string {
    return this.storage.get<string>('draft') ?? '';
  }

  set draft(text: string) {
    this.storage.set('draft', text || undefined);
  }

  pending(): PendingMessage[] {
    return this.outbox.list();
  }

  sendText(text: string): boolean {
    const trimmed = text.trim();
    if (!trimmed) return false;
    return this.send({ type: 'text', text: trimmed.slice(0, this.store.settings.textMaxChars) });
  }

  act(action: Extract<Action, { type: 'reply' | 'postback' }>): void {
    this.send({ type: 'postback', payload: action.payload, label: action.label });
  }

  submitForm(formId: string, values: Record<string, string>): void {
    this.store.formErrors.delete(formId);
    this.send({ type: 'form_response', formId, values });
  }

  shareLocation(latitude: number, longitude: number): void {
    this.send({ type: 'location', latitude, longitude });
  }

  cancelCall(callId: string): void {
    this.connection.transmit({ type: 'call.cancel', callId });
  }

  typing(active: boolean): void {
    const now = Date.now();
    if (active && now - this.lastTypingSent < TYPING_EVERY_MS) return;
    this.lastTypingSent = active ? now : 0;
    this.connection.transmit({ type: 'typing', active });
  }

  fetchHistory(): void {
    this.connection.fetchHistory();
  }

  end(): void {
    this.connection.transmit({ type: 'conversation.end' });
  }

  startNew(): void {
    this.store.startOver();
    this.connection.reconnect();
  }

  setUser(user: User): void {
    this.user = { ...this.user, ...user };
  }

  markRead(force = false): void {
    if (!this.host.open || (!force && document.visibilityState === 'hidden')) return;
    const ui = readUi(this.storage);
    const seq = this.store.lastSeq;
    if (ui.lastReadSeq !== seq || ui.unread !== 0) writeUi(this.storage, { lastReadSeq: seq, unread: 0 });
    this.host.setUnread(0);
  }

  uploadSettings(): Promise<UploadSettings> {
    this.uploads ??= fetchUploadSettings(this.host.options.server);
    return this.uploads;
  }

  uploadTarget(): { url: string; token: string } | undefined {
    const { token, conversationId } = this.store;
    if (!token || !conversationId) return undefined;
    return {
      url: `${this.host.options.server}/api/conversations/${encodeURIComponent(conversationId)}/attachments`,
      token,
    };
  }

  receive(message: unknown): boolean {
    // The same checks as a socket frame; the store drops it if the socket push (same id) came first.
    const frame = parseServerFrame(JSON.stringify({ type: 'message', message }));
    return frame.ok && frame.value.type === 'message' && this.store.insert(frame.value.message);
  }

  private send(content: CustomerContent): boolean {
    if (!this.host.dispatchEvent(new ParleyMessageSendEvent({ content }))) return false;
    this.lastTypingSent = 0;
    this.connection.send(content);
    return true;
  }

  private readonly handleVisibility = (): void => this.markRead();

  private readonly handleChange = (): void => {
    const { store } = this;
    if (store.token) writeUiIfChanged(this.storage, store.conversationId !== undefined);
    const status = store.view.status;
    if (status !== this.lastStatus) {
      if (status === 'escalation_requested') this.host.dispatchEvent(new ParleyEscalateEvent({ channel: 'chat' }));
      if (status === 'voice_requested') this.host.dispatchEvent(new ParleyEscalateEvent({ channel: 'voice' }));
      this.lastStatus = status;
    }
    if (this.host.open && document.visibilityState !== 'hidden') this.markRead();
    else {
      const unread = store.countUnreadAfter(readUi(this.storage).lastReadSeq);
      if (readUi(this.storage).unread !== unread) writeUi(this.storage, { unread });
      this.host.setUnread(unread);
    }
    this.host.requestUpdate();
  };
}

function writeUiIfChanged(storage: WidgetStorage, hasConversation: boolean): void {
  if (readUi(storage).hasConversation !== hasConversation) writeUi(storage, { hasConversation });
}

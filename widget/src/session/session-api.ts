import type { Action, ClientFrameOf } from '@parley/protocol';
import type { ReactiveController } from 'lit';
import type { ConnectionState } from '../state/connection-state.js';
import type { ConversationStore } from '../state/conversation-store.js';
import type { PendingMessage } from '../state/outbox.js';
import type { UploadSettings } from './upload-settings.js';

/** What message, form and composer components may ask of the conversation. */
export interface MessageActions {
  /** A quick reply or postback button was pressed. */
  act(action: Extract<Action, { type: 'reply' | 'postback' }>): void;
  submitForm(formId: string, values: Record<string, string>): void;
  cancelCall(callId: string): void;
  /** Sends where the visitor is, after they chose to share it (a location request). */
  shareLocation(latitude: number, longitude: number): void;
}

/**
 * The conversation as the root element sees it once the panel chunk has loaded (implemented by
 * ChatSession). The root only holds this type; the code arrives with the lazy chunk.
 */
export interface SessionApi extends MessageActions, ReactiveController {
  readonly store: ConversationStore;
  readonly connectionState: ConnectionState;
  readonly connectionFailure: string | undefined;
  /** Unacked customer messages, oldest first. */
  pending(): PendingMessage[];
  /** Sends text typed by the visitor (or via Parley.send). Returns false if a listener vetoed it. */
  sendText(text: string): boolean;
  typing(active: boolean): void;
  fetchHistory(): void;
  end(): void;
  /** Forgets the ended conversation and starts a new one. */
  startNew(): void;
  setUser(user: NonNullable<ClientFrameOf<'session.hello'>['user']>): void;
  /**
   * The visitor is looking at the transcript: everything so far is read. Without `force`, a hidden
   * tab (e.g. one following another tab's open state) marks nothing read.
   */
  markRead(force?: boolean): void;
  /** The draft in the composer, kept across reconnects and reloads. */
  draft: string;
  /** Whether uploads are on and their size cap: asked of the server once, on first call. */
  uploadSettings(): Promise<UploadSettings>;
  /** Where a file goes and the Bearer token for it; undefined until the conversation exists. */
  uploadTarget(): { url: string; token: string } | undefined;
  /** A message the server returned over HTTP (an upload): validated, then added unless the socket already had it. */
  receive(message: unknown): boolean;
}

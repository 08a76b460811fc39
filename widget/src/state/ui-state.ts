import type { WidgetStorage } from './storage.js';

/** What every tab of the site shares about the widget chrome (stored under `ui`). */
export interface UiState {
  /** Whether the panel is open (opening it in one tab opens it in all). */
  open: boolean;
  /** Highest seq the visitor has seen with the panel open; messages after it from others are unread. */
  lastReadSeq: number;
  /** Unread count computed by a tab that holds the conversation; tabs without a socket show it as is. */
  unread: number;
  /** Whether a conversation exists (so a fresh tab restores it without waiting for a click). */
  hasConversation: boolean;
}

const KEY = 'ui';
const EMPTY: UiState = { open: false, lastReadSeq: 0, unread: 0, hasConversation: false };

/** Reads the shared UI state, tolerating missing or malformed data. */
export function readUi(storage: WidgetStorage): UiState {
  const raw = storage.get<Partial<UiState>>(KEY);
  if (!raw || typeof raw !== 'object') return { ...EMPTY };
  return {
    open: raw.open === true,
    lastReadSeq: Number.isSafeInteger(raw.lastReadSeq) ? (raw.lastReadSeq as number) : 0,
    unread: Number.isSafeInteger(raw.unread) && (raw.unread as number) >= 0 ? (raw.unread as number) : 0,
    hasConversation: raw.hasConversation === true,
  };
}

/** Merges `patch` into the shared UI state (other tabs get a storage event). */
export function writeUi(storage: WidgetStorage, patch: Partial<UiState>): UiState {
  const next = { ...readUi(storage), ...patch };
  storage.set(KEY, next);
  return next;
}

/** The storage key tabs watch for UI changes. */
export const UI_KEY = KEY;

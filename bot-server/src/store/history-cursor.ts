/**
 * The opaque cursor of visitor-history paging: the position (conversation created_at, conversation
 * id, seq) of the oldest message already returned, base64url-encoded JSON. Clients must treat it as
 * opaque; a cursor that does not decode is a validation error, never a crash or a silent restart.
 */
import { ParleyError } from '../errors.js';

export interface HistoryPosition {
  conversationCreatedAt: number;
  conversationId: string;
  seq: number;
}

const MAX_CURSOR_CHARS = 512;

export function encodeHistoryCursor(p: HistoryPosition): string {
  return Buffer.from(JSON.stringify([p.conversationCreatedAt, p.conversationId, p.seq]), 'utf8').toString('base64url');
}

export function decodeHistoryCursor(cursor: string): HistoryPosition {
  const invalid = () => new ParleyError('PARLEY_ERR_VALIDATION', 'The history cursor is not valid.');
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid();
  const [createdAt, conversationId, seq] = value as unknown[];
  if (
    !Number.isSafeInteger(createdAt) ||
    typeof conversationId !== 'string' ||
    conversationId.length === 0 ||
    !Number.isSafeInteger(seq)
  )
    throw invalid();
  return { conversationCreatedAt: createdAt as number, conversationId, seq: seq as number };
}

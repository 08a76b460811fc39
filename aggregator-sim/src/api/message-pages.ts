/**
 * What the message list calls answer, as the API definitions say: 100 messages a page, the latest page by default.
 * v1.1 pages by timestamp (`before` / `after`, unix seconds, the given one excluded); v2 by cursor (`page[before]` /
 * `page[after]`, a message id, only one of them) with `meta.hasMore` and the cursors and links to go on. Also the
 * reset switch of a message post, which cuts the connection without an answer (faults.ts).
 */
import type { Request, Response } from 'express';
import { takeReset, type Faults, type ResetStage } from '../faults.js';
import type { StoredMessage } from '../model/content.js';
import { ApiError } from './errors.js';

const PAGE = 100;

function query(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Express reads `page[before]=x` as `{ page: { before: 'x' } }`; the flat key is kept too. */
function pageQuery(req: Request, name: 'before' | 'after'): string | undefined {
  const page = req.query['page'];
  const nested = typeof page === 'object' && page !== null ? (page as Record<string, unknown>)[name] : undefined;
  return typeof nested === 'string' && nested !== '' ? nested : query(req, `page[${name}]`);
}

export function v1Page(req: Request, messages: readonly StoredMessage[]): StoredMessage[] {
  const seconds = (name: string): number | undefined => {
    const raw = query(req, name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new ApiError(400, 'bad_request', `${name} must be a timestamp`);
    return n * 1000;
  };
  const before = seconds('before');
  const after = seconds('after');
  if (after !== undefined) return messages.filter((m) => m.received > after).slice(0, PAGE);
  const older = before === undefined ? messages : messages.filter((m) => m.received < before);
  return older.slice(-PAGE);
}

export interface V2Page {
  messages: StoredMessage[];
  meta: { hasMore: boolean; afterCursor?: string; beforeCursor?: string };
  links: { prev?: string; next?: string };
}

export function v2Page(req: Request, messages: readonly StoredMessage[]): V2Page {
  const before = pageQuery(req, 'before');
  const after = pageQuery(req, 'after');
  if (before && after) throw new ApiError(400, 'bad_request', 'Only one of page[before] and page[after] may be given');
  const at = (id: string) => {
    const i = messages.findIndex((m) => m.id === id);
    if (i < 0) throw new ApiError(400, 'bad_request', `Unknown cursor ${id}`);
    return i;
  };
  const base = req.originalUrl.split('?')[0] ?? '';
  if (after) {
    const from = at(after) + 1;
    const page = messages.slice(from, from + PAGE);
    const more = from + PAGE < messages.length;
    const last = page.at(-1)?.id;
    return {
      messages: page,
      meta: { hasMore: more, ...(more && last ? { afterCursor: last } : {}) },
      links: more && last ? { next: `${base}?page[after]=${last}` } : {},
    };
  }
  const end = before ? at(before) : messages.length;
  const start = Math.max(0, end - PAGE);
  const page = messages.slice(start, end);
  const more = start > 0;
  const first = page[0]?.id;
  return {
    messages: page,
    meta: { hasMore: more, ...(more && first ? { beforeCursor: first } : {}) },
    links: more && first ? { prev: `${base}?page[before]=${first}` } : {},
  };
}

/** Cuts this post's connection without an answer when the reset switch is set for `stage`; true when it did. */
export function resetHere(faults: Faults, stage: ResetStage, res: Response): boolean {
  if (!takeReset(faults, stage)) return false;
  // A TCP RST where the platform has it (ECONNRESET on the client), else a plain close ("socket hang up").
  const socket = res.socket;
  if (socket && 'resetAndDestroy' in socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket?.destroy();
  return true;
}

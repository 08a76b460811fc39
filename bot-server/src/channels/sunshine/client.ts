/**
 * A small typed REST client for the aggregator: the calls Parley makes (post a message, typing and read marks) on
 * Smooch v1.1 (`.../v1.1/apps/`) or Sunshine v2 (`.../v2/apps/`), chosen by the base URL as AGGREGATOR_URL gives it.
 * HTTP Basic auth with the key id and secret. Every call ends in a classified result instead of an exception:
 * ok (with the stored message ids), retryable (429 with its Retry-After, 5xx, timeout, connection refused) or
 * permanent (any other 4xx, with the API's error code). The secret lives only in the Authorization header built
 * here and is never part of a result, an error text or a log line.
 *
 * Each message carries Parley's id in its `metadata` (both versions keep a message's metadata and give it back when
 * messages are listed). A post that failed after its body went out without an answer (a reset, a timeout) is
 * `unconfirmed`: the aggregator may have stored it, so before posting it again the caller asks `findMessage`.
 */
import type { CustomerAddress } from '../channel.js';
import type { Activity, OutboundBodies } from './bodies.js';
import { parseRetryAfter, type Attempt } from './retry.js';

export type ApiVersion = 'v1.1' | 'v2';

export interface SunshineClientOptions {
  /** AGGREGATOR_URL: `https://api.smooch.io/v1.1/apps/` or `.../v2/apps/` (a missing final slash is added). */
  baseUrl: string;
  appId: string;
  keyId: string;
  secret: string;
  /** A call without an answer within this long is retryable [10 s]. */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** `fetch` enforces timeoutMs by itself (lean-fetch's timeoutMs): no timeout signal is made per call. */
  fetchTimesOut?: boolean | undefined;
  now?: (() => number) | undefined;
}

export interface Sent {
  /** The aggregator's ids of the stored messages (a template with leading text makes two). */
  messageIds: string[];
}

export type ClientResult<T> = Attempt<T> & {
  status?: number | undefined;
  code?: string | undefined;
  /** No answer came after the request went out: the aggregator may have acted on it. */
  unconfirmed?: boolean | undefined;
};

/** The metadata field that carries Parley's id of an outbound message (its outbox key). */
export const PARLEY_ID_FIELD = 'parleyMessageId';

export interface SunshineClient {
  readonly version: ApiVersion;
  /** Posts a message; `id` (stable across attempts) goes in its metadata for `findMessage`. */
  sendMessage(to: CustomerAddress, message: OutboundBodies, id?: string): Promise<ClientResult<Sent>>;
  /**
   * The aggregator's ids of the conversation's messages carrying Parley's `id`, paging back from the latest until a
   * page reaches messages received before `sinceMs` (the body was enqueued after that, so it cannot be older), at most
   * FIND_PAGES pages. Without `sinceMs`, the latest page only.
   */
  findMessage(to: CustomerAddress, id: string, sinceMs?: number): Promise<ClientResult<Sent>>;
  activity(to: CustomerAddress, activity: Activity): Promise<ClientResult<undefined>>;
}

export function apiVersionOf(baseUrl: string): ApiVersion {
  return /\/v2\/apps\/?$/.test(baseUrl) ? 'v2' : 'v1.1';
}

const seg = encodeURIComponent;

interface ApiError {
  code?: string;
  text?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function apiError(body: unknown): ApiError {
  if (typeof body !== 'object' || body === null) return {};
  const v1 = (body as { error?: { code?: unknown; description?: unknown } }).error;
  if (v1 && typeof v1 === 'object') return { code: str(v1.code), text: str(v1.description) };
  const v2 = (body as { errors?: Array<{ code?: unknown; title?: unknown }> }).errors?.[0];
  if (v2) return { code: str(v2.code), text: str(v2.title) };
  return {};
}

function idsOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const b = body as {
    message?: { _id?: string };
    extraMessages?: Array<{ _id?: string }>;
    messages?: Array<{ id?: string }>;
  };
  const v1 = [b.message?._id, ...(b.extraMessages ?? []).map((m) => m._id)];
  const v2 = (b.messages ?? []).map((m) => m.id);
  return [...v1, ...v2].filter((id): id is string => typeof id === 'string');
}

/** How many pages of 100 a lookup reads back at most: a conversation busier than that since the send is not usual. */
export const FIND_PAGES = 10;

/** One page of a message list answer: the ids carrying Parley's id, and where (and whether) to page back from. */
interface ListPage {
  ids: string[];
  /** The oldest message's receipt time (ms), when the page has one. */
  oldestMs: number | undefined;
  /** The query that lists the page before this one, when there may be one. */
  previous: string | undefined;
}

/** Reads a list answer: v1.1 pages by the oldest message's `received` (unix seconds), v2 by `meta.beforeCursor`. */
function listPage(body: unknown, id: string, version: ApiVersion): ListPage {
  const b = (body ?? {}) as { messages?: unknown; meta?: { hasMore?: unknown; beforeCursor?: unknown } };
  const messages = (Array.isArray(b.messages) ? b.messages : []).filter(
    (m): m is Record<string, unknown> => typeof m === 'object' && m !== null,
  );
  const ids = messages
    .filter((m) => (m['metadata'] as Record<string, unknown> | null | undefined)?.[PARLEY_ID_FIELD] === id)
    .map((m) => m['_id'] ?? m['id'])
    .filter((v): v is string => typeof v === 'string');
  const received = messages[0]?.['received'];
  const oldestMs =
    typeof received === 'number' ? received * 1000 : typeof received === 'string' ? Date.parse(received) : undefined;
  let previous: string | undefined;
  if (version === 'v2') {
    const cursor = b.meta?.hasMore === true ? b.meta.beforeCursor : undefined;
    previous = typeof cursor === 'string' ? `page[before]=${seg(cursor)}` : undefined;
  } else if (messages.length >= 100 && typeof received === 'number') {
    previous = `before=${received}`;
  }
  return { ids, oldestMs: Number.isFinite(oldestMs) ? oldestMs : undefined, previous };
}

/** Node's fetch wraps the socket error; its code says whether the peer was there at all. */
function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}

/** Failures that prove the request never reached a server: nothing was connected to, so nothing can be stored. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a failed call may have reached the aggregator. The lean fetch knows whether the whole request was written
 * (`sent`); Node's fetch does not say, so only a failure to connect counts as nothing sent.
 */
function mayHaveArrived(err: unknown): boolean {
  const sent = (err as { sent?: unknown } | undefined)?.sent;
  if (typeof sent === 'boolean') return sent;
  return !NEVER_SENT.has(networkReason(err));
}

export function createSunshineClient(options: SunshineClientOptions): SunshineClient {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const version = apiVersionOf(base);
  const app = `${base}${seg(options.appId)}`;
  const authorization = `Basic ${Buffer.from(`${options.keyId}:${options.secret}`).toString('base64')}`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;

  async function call<T>(path: string, body: unknown, ok: (json: unknown) => T): Promise<ClientResult<T>> {
    let res: Response;
    try {
      res = await doFetch(`${app}/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(options.fetchTimesOut ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
      });
    } catch (err) {
      return { kind: 'retryable', reason: networkReason(err), ...(mayHaveArrived(err) ? { unconfirmed: true } : {}) };
    }
    let json: unknown;
    try {
      const text = await res.text();
      json = text ? JSON.parse(text) : undefined;
    } catch (err) {
      // A success whose answer was cut off: done, but without the ids to show for it.
      if (res.ok)
        return {
          kind: 'retryable',
          reason: `unreadable answer (${networkReason(err)})`,
          status: res.status,
          unconfirmed: true,
        };
    }
    if (res.ok) return { kind: 'ok', value: ok(json), status: res.status };
    const { code, text } = apiError(json);
    const reason = `${res.status}${code ? ` ${code}` : ''}${text ? `: ${text}` : ''}`;
    if (res.status === 429 || res.status >= 500) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
      return {
        kind: 'retryable',
        reason,
        status: res.status,
        code,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
    return { kind: 'permanent', reason, status: res.status, code };
  }

  function conversationOf(to: CustomerAddress): string {
    // v2 addresses conversations; an address from a v1.1 webhook has no conversation id to use.
    return seg(to.conversationId ?? to.userId);
  }

  const messagesOf = (to: CustomerAddress) =>
    version === 'v2' ? `conversations/${conversationOf(to)}/messages` : `appusers/${seg(to.userId)}/messages`;

  return {
    version,
    sendMessage(to, message, id) {
      const sent = (json: unknown): Sent => ({ messageIds: idsOf(json) });
      const body = version === 'v2' ? message.v2 : message.v1;
      return call(messagesOf(to), id === undefined ? body : { ...body, metadata: { [PARLEY_ID_FIELD]: id } }, sent);
    },
    async findMessage(to, id, sinceMs) {
      // Both versions answer the latest page by default, where a message posted moments ago usually is; a busy
      // conversation (or the wait of a backoff) can push it further back.
      let query: string | undefined;
      for (let page = 1; ; page++) {
        const r = await call(`${messagesOf(to)}${query ? `?${query}` : ''}`, undefined, (json) =>
          listPage(json, id, version),
        );
        if (r.kind !== 'ok') return r;
        const { ids, oldestMs, previous } = r.value;
        // Earlier pages can hold the body only while this one's oldest message is not older than its enqueue time.
        const earlierMayHoldIt = sinceMs !== undefined && oldestMs !== undefined && oldestMs >= sinceMs;
        if (ids.length > 0 || !previous || !earlierMayHoldIt || page >= FIND_PAGES) {
          return { kind: 'ok', value: { messageIds: ids }, status: r.status };
        }
        query = previous;
      }
    },
    activity(to, activity) {
      const none = (): undefined => undefined;
      if (version === 'v2') {
        return call(
          `conversations/${conversationOf(to)}/activity`,
          { author: { type: 'business' }, type: activity },
          none,
        );
      }
      if (activity === 'conversation:read') return call(`appusers/${seg(to.userId)}/conversation/read`, {}, none);
      return call(`appusers/${seg(to.userId)}/conversation/activity`, { role: 'appMaker', type: activity }, none);
    },
  };
}

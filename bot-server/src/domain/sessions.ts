/**
 * The web widget's sessions: a hello resolved to a visitor and an open conversation, the catch-up after it
 * (welcome and exactly the missed messages), history pages across conversations, and the transcript for the
 * holder of the visitor token.
 */
import { randomUUID } from 'node:crypto';
import {
  LIMITS,
  PROTOCOL_VERSION,
  type ClientFrameOf,
  type ConversationView,
  type Message,
  type ServerFrame,
  type ServerFrameOf,
} from '@parley/protocol';
import { ParleyError } from '../errors.js';
import { dataOf, viewOf, type ConversationData } from './conversation-data.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { Store } from './ports.js';
import type { DomainContext } from './service-context.js';
import { hashVisitorToken, newVisitorToken } from './visitor-token.js';

/** One widget connection's identity, fixed at hello. */
export interface Session {
  visitorId: string;
  conversationId: string;
  locale: string;
  clientAddress: string;
}

export interface OpenedSession {
  session: Session;
  token: string;
  replay: 'delta' | 'reset' | 'new';
  /** For `delta`: replay messages with seq greater than this. */
  afterSeq: number;
  /** The epoch `afterSeq` belongs to (absent from clients before protocol 1.1). */
  epoch?: string;
}

export type Reply = (frame: ServerFrame) => void;

export interface Transcript {
  conversation: {
    id: string;
    status: string;
    channel: string;
    createdAt: number;
    endedAt: number | null;
    view: ConversationView;
  };
  messages: Message[];
  participants: Awaited<ReturnType<Store['listParticipants']>>;
  events: Awaited<ReturnType<Store['listEvents']>>;
}

/** At most this many messages are replayed on resume; beyond it the widget is told to reload. */
const MAX_REPLAY = 500;
const REPLAY_PAGE = 100;
const HISTORY_PAGE_DEFAULT = 30;

/** Resolves the hello to a visitor and an open conversation (creating them as needed) and decides how the client catches up. */
export async function openSession(
  c: DomainContext,
  queue: KeyedQueue,
  hello: ClientFrameOf<'session.hello'>,
  meta: { clientAddress: string },
): Promise<OpenedSession> {
  const { store, clock, settings, logger } = c.deps;
  const now = clock.now();
  let token = hello.token;
  let visitor = token ? await store.getVisitorByTokenHash(hashVisitorToken(token)) : undefined;
  const locale = hello.locale ?? visitor?.locale ?? settings.defaultLocale;
  let unknownToken = false;
  // A found visitor implies a presented token; the second test only tells the compiler so.
  if (!visitor || token === undefined) {
    unknownToken = token !== undefined;
    token = newVisitorToken();
    visitor = await store.createVisitor({
      id: randomUUID(),
      tokenHash: hashVisitorToken(token),
      locale: hello.locale ?? null,
      now,
    });
  }
  const visitorId = visitor.id;
  if (hello.user) await adoptUserHints(store, visitorId, hello.user, now);
  const opened = await queue.run(`visitor:${visitorId}`, async () => {
    const existing = await store.getOpenConversation(visitorId);
    if (existing) {
      const foreign = hello.conversationId !== undefined && hello.conversationId !== existing.id;
      return { conversation: existing, replay: foreign ? ('reset' as const) : ('delta' as const) };
    }
    const data: ConversationData = { locale };
    if (hello.page) data.page = hello.page;
    const conversation = await store.createConversation({
      id: randomUUID(),
      visitorId,
      channel: 'web',
      state: 'bot',
      data: data as Record<string, unknown>,
      now,
    });
    // A resume point for a conversation that no longer exists (ended, or another server's) cannot be honoured.
    const stale = unknownToken || hello.lastSeq !== undefined || hello.conversationId !== undefined;
    return { conversation, replay: stale ? ('reset' as const) : ('new' as const) };
  });
  const session: Session = {
    visitorId,
    conversationId: opened.conversation.id,
    locale,
    clientAddress: meta.clientAddress,
  };
  logger.info({ conversationId: session.conversationId, replay: opened.replay }, 'session opened');
  const resume = { session, token, replay: opened.replay, afterSeq: hello.lastSeq ?? 0 };
  return hello.epoch === undefined ? resume : { ...resume, epoch: hello.epoch };
}

/** The site's setUser() identity: unverified hints, so they only fill details the customer has not given. */
async function adoptUserHints(
  store: Store,
  visitorId: string,
  user: NonNullable<ClientFrameOf<'session.hello'>['user']>,
  now: number,
): Promise<void> {
  const known = await store.getDetails(visitorId);
  const hints: Record<string, string> = {};
  for (const key of ['name', 'email', 'phone'] as const) {
    const value = user[key]?.trim();
    if (value && known[key] === undefined) hints[key] = value;
  }
  if (Object.keys(hints).length > 0) await store.setDetails(visitorId, hints, now);
}

/**
 * The welcome frame and the messages to replay (exactly those after `afterSeq`), or a `reset` when the resume
 * point is unknown. `startBot` is called for a conversation the bot has yet to greet.
 */
export async function catchUp(
  c: DomainContext,
  opened: OpenedSession,
  startBot: (conversationId: string) => void,
): Promise<{ welcome: ServerFrameOf<'session.welcome'>; messages: Message[] }> {
  const { clock, settings } = c.deps;
  const conv = await c.records.get(opened.session.conversationId);
  let replay = opened.replay;
  let messages: Message[] = [];
  if (replay === 'delta') {
    if (opened.afterSeq > conv.lastSeq) replay = 'reset';
    else if (opened.epoch !== undefined && opened.epoch !== conv.epoch) replay = 'reset';
    else if (conv.lastSeq - opened.afterSeq > MAX_REPLAY) replay = 'reset';
    else messages = await listAfter(c.deps.store, conv.id, opened.afterSeq);
  }
  const lastSeq = Math.max(conv.lastSeq, messages.at(-1)?.seq ?? 0);
  if (conv.lastSeq === 0 && dataOf(conv).bot === undefined) startBot(conv.id);
  const welcome: ServerFrameOf<'session.welcome'> = {
    type: 'session.welcome',
    v: PROTOCOL_VERSION,
    conversationId: conv.id,
    token: opened.token,
    lastSeq,
    epoch: conv.epoch,
    replay,
    view: viewOf(conv),
    serverTime: clock.now(),
    settings: {
      textMaxChars: LIMITS.textMaxChars,
      defaultCountry: settings.defaultCountry,
      locale: opened.session.locale,
    },
  };
  return { welcome, messages };
}

/** Every committed message after `afterSeq`, paged (replay, and a socket's gap read). */
export async function listAfter(store: Store, conversationId: string, afterSeq: number): Promise<Message[]> {
  const out: Message[] = [];
  let after = afterSeq;
  for (;;) {
    const page = await store.listMessagesAfter(conversationId, after, REPLAY_PAGE);
    out.push(...page);
    const last = page.at(-1);
    if (page.length < REPLAY_PAGE || !last) return out;
    after = last.seq;
  }
}

/** A page of the visitor's history across conversations, newest page first. */
export async function historyPage(
  store: Store,
  session: Session,
  frame: ClientFrameOf<'history.fetch'>,
): Promise<ServerFrameOf<'history'>> {
  const page = await store.listVisitorHistory(session.visitorId, frame.before, frame.limit ?? HISTORY_PAGE_DEFAULT);
  const out: ServerFrameOf<'history'> = { type: 'history', requestId: frame.requestId, messages: page.messages };
  if (page.before !== undefined) out.before = page.before;
  return out;
}

/**
 * The full transcript of a conversation for the holder of its token. Wrong token: BAD_TOKEN;
 * a conversation of another visitor or none: NOT_FOUND (indistinguishable on purpose).
 */
export async function transcriptOf(store: Store, token: string, conversationId: string): Promise<Transcript> {
  const visitor = await store.getVisitorByTokenHash(hashVisitorToken(token));
  if (!visitor) throw new ParleyError('PARLEY_ERR_BAD_TOKEN');
  const conv = await store.getConversation(conversationId);
  if (!conv || conv.visitorId !== visitor.id) throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such conversation.');
  const [messages, participants, events] = await Promise.all([
    store.listMessages(conv.id),
    store.listParticipants(conv.id),
    store.listEvents(conv.id),
  ]);
  return {
    conversation: {
      id: conv.id,
      status: conv.state,
      channel: conv.channel,
      createdAt: conv.createdAt,
      endedAt: conv.endedAt,
      view: viewOf(conv),
    },
    messages,
    participants,
    events,
  };
}

/**
 * Voice escalation: turns "call me" into a dialled callback, with abuse limits, idempotency and a
 * monotonic call state, and reports every state change to its listeners (the conversation service
 * turns them into `call_status` events and view.call).
 *
 * No express, no ws: providers come in through the Dialer port, persistence through the Store.
 */
import { randomUUID } from 'node:crypto';
import type { CallStatus } from '@parley/protocol';
import type {
  CallRecord,
  CallStatusEvent,
  Clock,
  Dialer,
  Store,
  VoiceRequestInput,
  VoiceService,
} from '../domain/ports.js';
import type { BotConfig, ServerConfig, VoiceConfig } from '../config/index.js';
import { ParleyError } from '../errors.js';
import { callbackHoursOf } from '../time/hours-config.js';
import { checkNumber, checkRate, checkSchedule, RATE_WINDOWS, type VoiceRefusal } from './policy.js';
import { createListeners } from './listeners.js';
import { providerFailureOf, type VoiceLogger } from './provider-http.js';

/**
 * The contract lives in domain/ports.ts (the conversation service depends on it); this module
 * implements it:
 * - request(): refused by policy (number, country, type, rate limit, schedule) -> throws ParleyError
 *   PARLEY_ERR_VOICE_REFUSED with detail {reason: VoiceRefusal}; nothing is stored or dialled.
 *   The same idempotencyKey (per conversation) as an earlier request resolves with that call; nothing
 *   is dialled. A provider failure resolves with the call in status `failed` (data.error says why)
 *   after emitting that status, so the conversation can offer chat instead; nothing is left half-made.
 *   Otherwise resolves with the call in `requested` (now) or `scheduled` status, also emitted.
 * - cancel(): for calls not yet answered; a no-op for finished calls. Throws PARLEY_ERR_NOT_FOUND
 *   (unknown call or another conversation's), PARLEY_ERR_ILLEGAL_TRANSITION (already connected) or
 *   PARLEY_ERR_VOICE_PROVIDER (the provider refused; the call is unchanged).
 * - onStatus(): every accepted status change of every call, in order per call.
 * - close(): stop listening to the dialer (the dialer is closed by its owner).
 */
export type { VoiceService, VoiceRequestInput } from '../domain/ports.js';
export type CallStatusChange = Parameters<Parameters<VoiceService['onStatus']>[0]>[0];

export interface SettlingVoiceService extends VoiceService {
  /**
   * Resolves once every status change received so far has been applied or found stale (a late
   * report that would move a call backwards changes nothing and emits nothing, so there is no event).
   */
  settled(): Promise<void>;
}

export interface VoiceServiceDeps {
  /** HOLIDAYS is the bot's setting, shared: a callback is refused on a holiday whoever asks (form or API). */
  config: VoiceConfig & Pick<ServerConfig, 'TIMEZONE'> & Pick<BotConfig, 'HOLIDAYS'>;
  store: Store;
  dialer: Dialer;
  clock: Clock;
  logger: VoiceLogger;
}

/** Order of progress; a status is applied only if it moves forward. All terminal statuses share the top rank. */
const RANK: Readonly<Record<CallStatus, number>> = {
  requested: 0,
  scheduled: 1,
  dialling: 2,
  ringing: 3,
  connected: 4,
  completed: 5,
  no_answer: 5,
  busy: 5,
  failed: 5,
  cancelled: 5,
};

export const isTerminalCallStatus = (s: CallStatus): boolean => RANK[s] === 5;

export function createVoiceService(deps: VoiceServiceDeps): SettlingVoiceService {
  const { config, store, dialer, clock, logger } = deps;
  const skillset = config.VOICE_SKILLSET;
  if (!skillset) throw new ParleyError('PARLEY_ERR_CONFIG', 'VOICE_SKILLSET is required.');
  const hours = callbackHoursOf(config);
  const listeners = createListeners<CallStatusChange>(logger, 'voice status');
  /** Admission (limits + insert) is serialised so concurrent requests cannot both slip under a limit. */
  let admission: Promise<unknown> = Promise.resolve();
  /** Per-call chains keep read-modify-write status updates in order. */
  const chains = new Map<string, Promise<unknown>>();

  function refuse(reason: VoiceRefusal): never {
    throw new ParleyError('PARLEY_ERR_VOICE_REFUSED', `A call cannot be placed: ${reason.replaceAll('_', ' ')}.`, {
      reason,
    });
  }

  function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = chains.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return next;
  }

  async function admit(input: VoiceRequestInput, phone: string): Promise<{ call: CallRecord; created: boolean }> {
    // Keys come from clients: scope them to the conversation so one conversation can never reach another's call.
    const idempotencyKey = `${input.conversationId}:${input.idempotencyKey}`;
    const existing = (await store.listCalls(input.conversationId)).find((c) => c.idempotencyKey === idempotencyKey);
    if (existing) return { call: existing, created: false };
    const now = clock.now();
    const [numberLastDay, conversationTotal, clientLastHour] = await Promise.all([
      store.countCallsSince({ phone }, now - RATE_WINDOWS.number),
      store.countCallsSince({ conversationId: input.conversationId }, 0),
      store.countCallsSince({ clientAddress: input.clientAddress }, now - RATE_WINDOWS.client),
    ]);
    const limited = checkRate(
      { numberLastDay, conversationTotal, clientLastHour },
      {
        perNumberPerDay: config.VOICE_MAX_CALLS_PER_NUMBER_PER_DAY,
        perConversation: config.VOICE_MAX_CALLS_PER_CONVERSATION,
        perClientPerHour: config.VOICE_MAX_CALLS_PER_CLIENT_PER_HOUR,
      },
    );
    if (limited) refuse(limited);
    return store.createCall({
      id: randomUUID(),
      conversationId: input.conversationId,
      provider: dialer.name,
      idempotencyKey,
      externalId: null,
      phone,
      clientAddress: input.clientAddress,
      status: input.when === undefined ? 'requested' : 'scheduled',
      scheduledFor: input.when ?? null,
      data: { skillset },
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Apply a status if it moves the call forward; emit and audit it. Returns the (possibly unchanged) call. */
  function advance(
    callId: string,
    status: CallStatus,
    extra: { externalId?: string; detail?: string; data?: Record<string, unknown> } = {},
  ): Promise<CallRecord | undefined> {
    return serial(callId, async () => {
      const call = await store.getCall(callId);
      if (!call) return undefined;
      const forward = RANK[status] > RANK[call.status];
      const newExternal = extra.externalId !== undefined && extra.externalId !== call.externalId;
      if (!forward && !newExternal) return call;
      const now = clock.now();
      const updated = await store.updateCall(callId, {
        ...(forward ? { status } : {}),
        ...(newExternal ? { externalId: extra.externalId } : {}),
        ...(extra.data ? { data: { ...call.data, ...extra.data } } : {}),
        now,
      });
      if (!updated || !forward) return updated;
      await store.appendEvent({
        conversationId: call.conversationId,
        type: 'call_status',
        data: { callId, status, ...(extra.detail ? { detail: extra.detail } : {}) },
        now,
      });
      logger.info({ conversationId: call.conversationId, callId, status, provider: call.provider }, 'call status');
      listeners.emit({ conversationId: call.conversationId, call: updated });
      return updated;
    });
  }

  const offDialer = dialer.onStatus((e: CallStatusEvent) => {
    advance(e.callId, e.status, {
      ...(e.externalId ? { externalId: e.externalId } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
    }).catch((err: unknown) => logger.error({ err, callId: e.callId }, 'call status update failed'));
  });

  return {
    async request(input) {
      // International format only; visual separators people type ("+44 20 7946-0000") are tolerated.
      const number = checkNumber(input.phone.replace(/[\s\-().]/g, ''), config.VOICE_ALLOWED_COUNTRIES);
      if (!number.ok) refuse(number.reason);
      if (input.when !== undefined) {
        const bad = checkSchedule(input.when, clock.now(), hours, config.VOICE_MAX_SCHEDULE_DAYS);
        if (bad) refuse(bad);
      }
      const phone = number.value.e164;
      const admitted = admission.then(() => admit(input, phone));
      admission = admitted.catch(() => undefined);
      const { call, created } = await admitted;
      if (!created) return call;

      listeners.emit({ conversationId: call.conversationId, call });
      let externalId: string;
      try {
        ({ externalId } = await dialer.requestCallback({
          callId: call.id,
          conversationId: call.conversationId,
          name: input.name,
          phone,
          skillset,
          ...(input.when !== undefined ? { when: input.when } : {}),
          context: input.context,
        }));
      } catch (err) {
        const failure = providerFailureOf(err);
        logger.warn(
          {
            conversationId: call.conversationId,
            callId: call.id,
            provider: dialer.name,
            failure: failure ?? String(err),
          },
          'call request failed',
        );
        const error = failure ? { kind: failure.kind, status: failure.status } : { kind: 'bad_response' };
        return (await advance(call.id, 'failed', { detail: `provider_${error.kind}`, data: { error } })) ?? call;
      }
      try {
        const recorded = (await advance(call.id, call.status, { externalId })) ?? call;
        if (recorded.status === 'cancelled') await dialer.cancel(call.id, externalId); // cancelled while the dial was in flight
        return recorded;
      } catch (err) {
        // The provider holds a callback we failed to record: withdraw it rather than leave it half-made.
        logger.error({ err, callId: call.id }, 'could not record the placed call; cancelling it');
        await dialer
          .cancel(call.id, externalId)
          .catch((e: unknown) => logger.error({ err: e, callId: call.id }, 'cancel after record failure failed'));
        throw err;
      }
    },

    async cancel(conversationId, callId) {
      const call = await store.getCall(callId);
      if (!call || call.conversationId !== conversationId)
        throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such call in this conversation.');
      if (isTerminalCallStatus(call.status)) return;
      if (call.status === 'connected')
        throw new ParleyError('PARLEY_ERR_ILLEGAL_TRANSITION', 'The call is already connected.');
      if (call.externalId !== null) await dialer.cancel(call.id, call.externalId);
      await advance(call.id, 'cancelled', { detail: 'customer' });
    },

    onStatus: listeners.on,

    async settled() {
      await Promise.all(chains.values());
    },

    close() {
      offDialer();
    },
  };
}

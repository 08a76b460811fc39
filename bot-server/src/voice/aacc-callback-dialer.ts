/**
 * Dialer over AACC's web callback REST API (POST <host>/CustomerControllerWeb/callback on the EWC
 * host): AACC itself dials the customer from the outbound voice skillset at `date`, and the call
 * reaches an agent with the bot's context in customFields.
 *
 * Call state comes back as status reports POSTed to the per-call `statusCallbackUrl` we hand over
 * (the simulator's documented extension): POST /voice/aacc/status?callId=<id>&token=<capability>,
 * verified in routes.ts, applied by handleStatusReport.
 */
import { CallStatusSchema, type CallStatus } from '@parley/protocol';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { CallbackRequest, CallStatusEvent, Clock, Dialer } from '../domain/ports.js';
import { createListeners } from './listeners.js';
import { providerRequest, type VoiceLogger } from './provider-http.js';
import { aaccStatusToken } from './signatures.js';

export interface AaccCallbackDialerOptions {
  /** http(s)://host:port of the AACC web services (the EWC host). */
  baseUrl: string;
  /** Absolute public URL of POST /voice/aacc/status; resolved per call (the port may be known late). */
  statusCallbackUrl: () => string;
  /** Secret for the per-call capability token in the status URL. */
  secret: string;
  timeoutMs: number;
  clock: Clock;
  logger: VoiceLogger;
}

export interface AaccCallbackDialer extends Dialer {
  /** Apply an authenticated status report for our call `callId`; returns false if the body is not one. */
  handleStatusReport(callId: string, body: unknown): boolean;
  /**
   * Ask AACC for the state of each call (GET /CustomerControllerWeb/callback/<id>) and replay its status history
   * to the listeners: reports AACC sent while Parley was down are caught up (the service applies only what moves
   * a call forward, so replaying known statuses changes nothing). Resolves with the number of calls read.
   */
  catchUp(calls: ReadonlyArray<{ id: string; externalId: string | null }>): Promise<number>;
  /** Outbound skillsets AACC offers ({name: description}). */
  getSkillsets(): Promise<Record<string, string>>;
}

/**
 * How long after the call is due AACC may still report on it: queueing (AACC's default queue timeout is 10 min),
 * ringing and the conversation fit easily; a day also covers retries of a report after an outage on our side.
 */
export const STATUS_TOKEN_TTL_MS = 24 * 60 * 60_000;

/** AACC intrinsics limits: at most 10 custom fields, titles <= 50 characters. */
const MAX_CUSTOM_FIELDS = 10;

/** ws://host:port/... -> http://host:port, wss -> https (the callback REST lives on the EWC host). */
export function callbackBaseFromEwcUrl(ewcUrl: string): string {
  const u = new URL(ewcUrl);
  const proto = u.protocol === 'wss:' ? 'https:' : u.protocol === 'ws:' ? 'http:' : u.protocol;
  return `${proto}//${u.host}`;
}

export function createAaccCallbackDialer(opts: AaccCallbackDialerOptions): AaccCallbackDialer {
  const listeners = createListeners<CallStatusEvent>(opts.logger, 'aacc callback status');
  const endpoint = `${opts.baseUrl.replace(/\/$/, '')}/CustomerControllerWeb/callback`;

  async function call(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await providerRequest(
      'aacc-callback',
      endpoint,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      },
      opts.timeoutMs,
    );
    return res.json as Record<string, unknown>;
  }

  return {
    name: 'aacc-callback',

    async requestCallback(req: CallbackRequest) {
      const parsed = parsePhoneNumberWithError(req.phone);
      const statusUrl = new URL(opts.statusCallbackUrl());
      statusUrl.searchParams.set('callId', req.callId);
      const due = req.when ?? opts.clock.now();
      statusUrl.searchParams.set('token', aaccStatusToken(opts.secret, req.callId, due + STATUS_TOKEN_TTL_MS));
      const json = await call({
        method: 'requestCallback',
        name: req.name,
        // AACC takes the number in parts: country calling code, area code, then the subscriber number.
        // The national significant number carries the area code, so areaCode stays empty.
        phone: String(parsed.nationalNumber),
        email: '',
        countryCode: String(parsed.countryCallingCode),
        areaCode: '',
        skillset: req.skillset,
        date: req.when ?? opts.clock.now(),
        customFields: req.context
          .slice(0, MAX_CUSTOM_FIELDS)
          .map((f) => ({ title: f.title.slice(0, 50), value: f.value.slice(0, 4000) })),
        idempotencyKey: req.callId,
        statusCallbackUrl: statusUrl.href,
      });
      const id = json['callbackId'];
      if (json['status'] !== 'accepted' || (typeof id !== 'string' && typeof id !== 'number') || String(id) === '') {
        throw new Error(`AACC did not accept the callback (status ${String(json['status']).slice(0, 32)})`);
      }
      opts.logger.info({ callId: req.callId, callbackId: String(id) }, 'aacc callback requested');
      return { externalId: String(id) };
    },

    async cancel(_callId, externalId) {
      await call({ method: 'cancelCallback', callbackId: externalId });
    },

    handleStatusReport(callId, body) {
      if (!body || typeof body !== 'object') return false;
      const b = body as Record<string, unknown>;
      const status = CallStatusSchema.safeParse(b['status']);
      const callbackId = b['callbackId'];
      if (!status.success || (typeof callbackId !== 'string' && typeof callbackId !== 'number')) return false;
      if (b['idempotencyKey'] !== undefined && b['idempotencyKey'] !== callId) return false;
      const at = typeof b['at'] === 'number' && Number.isFinite(b['at']) ? b['at'] : opts.clock.now();
      const s: CallStatus = status.data;
      listeners.emit({ callId, externalId: String(callbackId), status: s, at });
      return true;
    },

    async catchUp(calls) {
      let read = 0;
      for (const c of calls) {
        if (!c.externalId) continue;
        try {
          const res = await providerRequest(
            'aacc-callback',
            `${endpoint}/${encodeURIComponent(c.externalId)}`,
            { method: 'GET', headers: { accept: 'application/json' } },
            opts.timeoutMs,
          );
          const history = (res.json as { history?: unknown }).history;
          for (const h of Array.isArray(history) ? history : [])
            if (h && typeof h === 'object') this.handleStatusReport(c.id, { ...h, callbackId: c.externalId });
          read += 1;
        } catch (err) {
          opts.logger.warn({ callId: c.id, err }, 'aacc callback status could not be read');
        }
      }
      return read;
    },

    async getSkillsets() {
      const json = await call({ method: 'getSkillsets' });
      return Object.fromEntries(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'));
    },

    onStatus: listeners.on,

    async close() {},
  };
}

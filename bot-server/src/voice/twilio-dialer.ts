/**
 * Dialer over Twilio's Programmable Voice REST API: an outbound call to the customer whose TwiML bridges
 * the answered call to the AACC route-point number. Twilio has no scheduled calls, so a callback
 * for later is held here on the injected clock (in memory: it does not survive a restart).
 *
 * Status callbacks arrive at POST /voice/twilio/status?callId=<id> (routes.ts verifies the
 * X-Twilio-Signature, then calls handleStatusCallback).
 */
import type { CallStatus } from '@parley/protocol';
import type { CallbackRequest, CallStatusEvent, Clock, Dialer, TimerHandle } from '../domain/ports.js';
import { createListeners } from './listeners.js';
import { providerRequest, type VoiceLogger } from './provider-http.js';

export interface TwilioDialerOptions {
  accountSid: string;
  authToken: string;
  /** e.g. https://api.twilio.com (a local fake in tests). */
  apiBase: string;
  /** Caller id, E.164. */
  from: string;
  /** AACC route-point number the answered call is bridged to. */
  routePoint: string;
  /** Absolute public URL of POST /voice/twilio/status; resolved per call (the port may be known late). */
  statusCallbackUrl: () => string;
  timeoutMs: number;
  clock: Clock;
  logger: VoiceLogger;
}

export interface TwilioDialer extends Dialer {
  /** Apply a verified status callback (form params) for our call `callId`. Unknown statuses are ignored. */
  handleStatusCallback(callId: string, params: Readonly<Record<string, unknown>>): void;
}

const STATUS_MAP: Readonly<Record<string, CallStatus>> = {
  queued: 'dialling',
  initiated: 'dialling',
  ringing: 'ringing',
  'in-progress': 'connected',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'cancelled',
};

/** Twilio CallStatus -> protocol CallStatus (undefined for statuses we do not know). */
export function mapTwilioStatus(status: string): CallStatus | undefined {
  return Object.hasOwn(STATUS_MAP, status) ? STATUS_MAP[status] : undefined;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** TwiML that connects the answered customer to the route point. */
export function bridgeTwiml(routePoint: string): string {
  const escaped = routePoint.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Dial>${escaped}</Dial></Response>`;
}

const SCHEDULED_PREFIX = 'scheduled:';

export function createTwilioDialer(opts: TwilioDialerOptions): TwilioDialer {
  const listeners = createListeners<CallStatusEvent>(opts.logger, 'twilio status');
  const pending = new Map<string, TimerHandle>();
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const callsUrl = `${opts.apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Calls`;
  let closed = false;

  async function post(url: string, form: URLSearchParams): Promise<Record<string, unknown>> {
    const res = await providerRequest(
      'twilio',
      url,
      {
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form,
      },
      opts.timeoutMs,
    );
    return res.json as Record<string, unknown>;
  }

  async function placeCall(req: CallbackRequest): Promise<string> {
    const statusUrl = new URL(opts.statusCallbackUrl());
    statusUrl.searchParams.set('callId', req.callId);
    const form = new URLSearchParams({
      To: req.phone,
      From: opts.from,
      Twiml: bridgeTwiml(opts.routePoint),
      StatusCallback: statusUrl.href,
      StatusCallbackMethod: 'POST',
    });
    for (const e of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', e);
    const json = await post(`${callsUrl}.json`, form);
    const sid = json['sid'];
    if (typeof sid !== 'string' || sid === '') throw new Error('Twilio answered without a call sid');
    opts.logger.info({ callId: req.callId, sid }, 'twilio call placed');
    return sid;
  }

  return {
    name: 'twilio',

    async requestCallback(req) {
      const delay = req.when === undefined ? 0 : req.when - opts.clock.now();
      if (delay <= 0) return { externalId: await placeCall(req) };
      const timer = opts.clock.setTimeout(() => {
        pending.delete(req.callId);
        if (closed) return;
        placeCall(req).then(
          (sid) => listeners.emit({ callId: req.callId, externalId: sid, status: 'dialling', at: opts.clock.now() }),
          (err: unknown) => {
            opts.logger.warn({ callId: req.callId, err }, 'scheduled twilio call failed');
            listeners.emit({ callId: req.callId, status: 'failed', at: opts.clock.now(), detail: 'provider_error' });
          },
        );
      }, delay);
      pending.set(req.callId, timer);
      return { externalId: `${SCHEDULED_PREFIX}${req.callId}` };
    },

    async cancel(callId, externalId) {
      const timer = pending.get(callId);
      if (timer !== undefined) {
        opts.clock.clearTimeout(timer);
        pending.delete(callId);
        return;
      }
      if (externalId.startsWith(SCHEDULED_PREFIX)) return; // already fired: the real sid arrives by status event
      await post(`${callsUrl}/${encodeURIComponent(externalId)}.json`, new URLSearchParams({ Status: 'canceled' }));
    },

    handleStatusCallback(callId, params) {
      const accountSid = params['AccountSid'];
      if (accountSid !== opts.accountSid) {
        opts.logger.warn({ callId }, 'twilio status for another account ignored');
        return;
      }
      const raw = typeof params['CallStatus'] === 'string' ? params['CallStatus'] : '';
      const status = mapTwilioStatus(raw);
      if (!status) {
        opts.logger.warn({ callId, status: raw.slice(0, 32) }, 'unknown twilio call status ignored');
        return;
      }
      const sid = typeof params['CallSid'] === 'string' ? params['CallSid'] : undefined;
      const detail = typeof params['ErrorCode'] === 'string' ? `twilio_error_${params['ErrorCode']}` : undefined;
      listeners.emit({
        callId,
        status,
        at: opts.clock.now(),
        ...(sid ? { externalId: sid } : {}),
        ...(detail ? { detail } : {}),
      });
    },

    onStatus: listeners.on,

    close() {
      closed = true;
      for (const t of pending.values()) opts.clock.clearTimeout(t);
      pending.clear();
      return Promise.resolve();
    },
  };
}

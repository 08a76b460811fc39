/**
 * Dialer over Twilio's Programmable Voice REST API: an outbound call to the customer whose TwiML bridges
 * the answered call to the AACC route-point number. Twilio has no scheduled calls, so a callback
 * for later is a job in the store, dialled when due by exactly one instance (scheduled-calls.ts).
 *
 * Status callbacks arrive at POST /voice/twilio/status?callId=<id> (routes.ts verifies the
 * X-Twilio-Signature, then calls handleStatusCallback).
 */
import type { CallStatus } from '@parley/protocol';
import type { JobStore } from '../domain/job-ports.js';
import type { CallbackRequest, CallStatusEvent, Clock, Dialer } from '../domain/ports.js';
import { createListeners } from './listeners.js';
import { providerRequest, type VoiceLogger } from './provider-http.js';
import { createScheduledCalls } from './scheduled-calls.js';

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
  /** Where calls for later wait, shared by every instance. */
  jobs: JobStore;
  /** This instance, as owner of the scheduled calls it claims. */
  instanceId: string;
  /** How often to look for scheduled calls that fell due (default 5 s). */
  schedulePollMs?: number;
}

export interface TwilioDialer extends Dialer {
  /** Start dialling scheduled calls as they fall due (after the service listens to onStatus). */
  start(): void;
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
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const callsUrl = `${opts.apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Calls`;

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

  const scheduled = createScheduledCalls({
    jobs: opts.jobs,
    clock: opts.clock,
    logger: opts.logger,
    owner: opts.instanceId,
    place: placeCall,
    emit: listeners.emit,
    pollMs: opts.schedulePollMs ?? 5_000,
    // A dial is one request: past a few of its timeouts the claimer is gone.
    claimTtlMs: Math.max(30_000, 4 * opts.timeoutMs),
  });

  return {
    name: 'twilio',

    start: () => scheduled.start(),

    async requestCallback(req) {
      const when = req.when;
      if (when === undefined || when <= opts.clock.now()) return { externalId: await placeCall(req) };
      await scheduled.schedule({ ...req, when });
      return { externalId: `${SCHEDULED_PREFIX}${req.callId}` };
    },

    async cancel(callId, externalId) {
      // Being dialled (or dialled): the real sid arrives by status event, and cancelling that cancels the call.
      if (externalId.startsWith(SCHEDULED_PREFIX)) return void (await scheduled.cancel(callId));
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

    close: () => scheduled.close(),
  };
}

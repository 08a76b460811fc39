/** Voice escalation (click-to-call). */
import * as z from 'zod';
import { int, list, section, str } from '../env.js';

export const voiceSection = section('voice', {
  /** `aacc-callback` (AACC web callback REST on the EWC host) or `twilio`. */
  DIALER: z.enum(['aacc-callback', 'twilio']).default('aacc-callback'),
  /** Base URL of the AACC web callback REST API; default derived from EWC_WEBSOCKET_URL. */
  AACC_CALLBACK_URL: str(),
  /** AACC skillset for voice callbacks. */
  VOICE_SKILLSET: str('VOICE_Default_Skillset'),
  /** Where customers may be called: ISO 3166 countries (GB,IE) and/or calling codes (44,353,1). */
  VOICE_ALLOWED_COUNTRIES: list(['GB', 'IE', 'US', 'CA', 'FR', 'DE', 'NL', 'ES']),
  /** Callbacks allowed to one phone number per day. */
  VOICE_MAX_CALLS_PER_NUMBER_PER_DAY: int(3, 1, 1000),
  /** Callbacks allowed per conversation. */
  VOICE_MAX_CALLS_PER_CONVERSATION: int(3, 1, 1000),
  /** Callbacks allowed per client address per hour. */
  VOICE_MAX_CALLS_PER_CLIENT_PER_HOUR: int(5, 1, 1000),
  /** Business hours for scheduled callbacks, local to TIMEZONE: "09:00-17:30" and days "1-5" (Mon-Fri). */
  BUSINESS_HOURS: z
    .string()
    .trim()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must look like 09:00-17:30')
    .default('09:00-17:30'),
  /** Days on which callbacks may be scheduled, 0 = Sunday. */
  BUSINESS_DAYS: z
    .string()
    .trim()
    .regex(/^[0-6]-[0-6]$/, 'must look like 1-5')
    .default('1-5'),
  /** Twilio account SID (DIALER=twilio). */
  TWILIO_ACCOUNT_SID: str(),
  /** Twilio auth token; also verifies X-Twilio-Signature on status callbacks. */
  TWILIO_AUTH_TOKEN: str(),
  /** Twilio REST API base URL. */
  TWILIO_API_BASE: str('https://api.twilio.com'),
  /** Caller id for outbound calls. */
  TWILIO_FROM: str(),
  /** AACC route-point number the answered call is bridged to. */
  AACC_ROUTE_POINT: str(),
  /**
   * Public base URL at which the dialer provider reaches this server's /voice routes (status callbacks),
   * e.g. https://chat.example.com. Default: derived from PUBLIC_PROTO/PUBLIC_IP/PUBLIC_HTTP(S)_PORT, else the listening address.
   */
  VOICE_STATUS_CALLBACK_BASE: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/]+$/, 'must be an origin like https://chat.example.com')
    .optional(),
  /** Secret that authenticates AACC callback status reports (>= 32 chars). Unset: random per process. Never logged. */
  VOICE_CALLBACK_SECRET: z.string().trim().min(32, 'must be at least 32 characters').optional(),
  /** Furthest a callback may be scheduled ahead, in days. */
  VOICE_MAX_SCHEDULE_DAYS: int(7, 1, 30),
  /** Timeout for one request to the dialer provider, in ms. */
  VOICE_PROVIDER_TIMEOUT_MS: int(10_000, 500, 120_000),
});

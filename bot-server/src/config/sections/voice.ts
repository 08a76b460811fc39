/** Voice escalation (click-to-call). */
import * as z from 'zod';
import { int, list, section, str } from '../env.js';

export const voiceSection = section('voice', {
  /** `aacc-callback` (AACC web callback REST on the EWC host) or `twilio`. */
  DIALER: z.enum(['aacc-callback', 'twilio']).default('aacc-callback'),
  /** Base URL of the AACC web callback REST API; default derived from EWC_WEBSOCKET_URL. */
  AACC_CALLBACK_URL: str(),
  VOICE_SKILLSET: str('VOICE_Default_Skillset'),
  /** Calling codes customers may be called on, e.g. 44,353,1. */
  VOICE_ALLOWED_COUNTRIES: list(['GB', 'IE', 'US', 'CA', 'FR', 'DE', 'NL', 'ES']),
  VOICE_MAX_CALLS_PER_NUMBER_PER_DAY: int(3, 1, 1000),
  VOICE_MAX_CALLS_PER_CONVERSATION: int(3, 1, 1000),
  VOICE_MAX_CALLS_PER_CLIENT_PER_HOUR: int(5, 1, 1000),
  /** Business hours for scheduled callbacks, local to TIMEZONE: "09:00-17:30" and days "1-5" (Mon-Fri). */
  BUSINESS_HOURS: z.string().trim().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must look like 09:00-17:30').default('09:00-17:30'),
  BUSINESS_DAYS: z.string().trim().regex(/^[0-6]-[0-6]$/, 'must look like 1-5').default('1-5'),
  TWILIO_ACCOUNT_SID: str(),
  TWILIO_AUTH_TOKEN: str(),
  TWILIO_API_BASE: str('https://api.twilio.com'),
  /** Caller id for outbound calls. */
  TWILIO_FROM: str(),
  /** AACC route-point number the answered call is bridged to. */
  AACC_ROUTE_POINT: str(),
});

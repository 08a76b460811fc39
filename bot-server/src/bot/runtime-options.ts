/** What a flow's run needs from the deployment: names, countries, zones, hours and the clock. */
import { describeHours, type OpeningHours } from '../time/opening-hours.js';
import type { Zone } from '../time/zone.js';
import type { ValidationContext } from './validators.js';

export interface RuntimeOptions {
  /** Value of {company} in templates. */
  companyName: string;
  /** Country for phone numbers without +prefix when the customer's details do not say (details.defaultCountry). */
  defaultCountry: string;
  /** Where datetimes typed without an offset are local to, and shown in. */
  zone: Zone;
  /** How far ahead a callback may be booked, in ms. */
  maxCallbackAheadMs: number;
  /** When chat agents are there (`hours` nodes, {hours}); unset: always. */
  chatHours?: OpeningHours;
  /** When callbacks may be booked; unset: any time. */
  callbackHours?: OpeningHours;
  now(): number;
  /** This server's public origin, for the rich responses' own pictures (/media/...); unset: they are left out. */
  mediaBase?: () => string;
}

/** {company}, {hours} and {callbackHours}: the variables every flow has, in the customer's language. */
export function builtInVariables(opts: RuntimeOptions, locale: string): Record<string, string> {
  return {
    company: opts.companyName,
    hours: opts.chatHours ? describeHours(opts.chatHours, locale) : '',
    callbackHours: opts.callbackHours ? describeHours(opts.callbackHours, locale) : '',
  };
}

/** What form validation needs: the customer's phone country, the clock, the zone and when callbacks may be. */
export function validationContextOf(opts: RuntimeOptions, defaultCountry: string): ValidationContext {
  return {
    defaultCountry,
    now: opts.now(),
    zone: opts.zone,
    maxFutureMs: opts.maxCallbackAheadMs,
    ...(opts.callbackHours ? { hours: opts.callbackHours } : {}),
  };
}

/** What a flow's run needs from the deployment: names, countries, zones, hours and the clock. */
import type { OpeningHours } from '../time/opening-hours.js';
import type { Zone } from '../time/zone.js';

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
}

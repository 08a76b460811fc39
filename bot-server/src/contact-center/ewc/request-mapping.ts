/**
 * Mapping from Parley's EscalationRequest to EWC requestChat content, with the EWC limits applied:
 * custom fields <= 10 entries, title 1..50 chars, value <= 255 chars; one chat message <= 4045
 * characters (Avaya Agent Desktop); transcript e-mail only with a plausible address.
 */
import type { EscalationRequest } from '../../domain/ports.js';
import type { Intrinsics } from './frames.js';

export const EWC_LIMITS = {
  customFieldsMax: 10,
  customFieldTitleMax: 50,
  customFieldValueMax: 255,
  /** Characters per chat message an AACC agent desktop accepts. */
  messageMaxChars: 4045,
} as const;

const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** A deliberately simple plausibility check; AACC only uses it to e-mail the transcript. */
export function isPlausibleEmail(value: string | undefined): value is string {
  return value !== undefined && value.length <= 254 && EMAIL.test(value);
}

/** Truncate by code points, marking the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max - 1).join('') + '…';
}

/**
 * The intrinsics sent with requestChat (and repeated on resume, as the Koopid gateway does). Like Avaya's
 * sample and Koopid, every field is sent, empty when unknown; Parley holds the phone number whole (E.164),
 * so `country` and `area` stay empty and `phoneNumber` carries it all.
 */
export function buildIntrinsics(req: EscalationRequest, defaultSkillset: string | undefined): Intrinsics {
  return {
    name: req.customer.name.trim() || 'Customer',
    email: req.customer.email?.trim() ?? '',
    country: '',
    area: '',
    phoneNumber: req.customer.phone?.trim() ?? '',
    skillset: req.skillset.trim() || defaultSkillset || 'WC_Default_Skillset',
    customFields: req.customFields
      .map((f) => ({
        title: truncate(f.title.trim(), EWC_LIMITS.customFieldTitleMax),
        value: truncate(f.value, EWC_LIMITS.customFieldValueMax),
      }))
      .filter((f) => f.title !== '')
      .slice(0, EWC_LIMITS.customFieldsMax),
  };
}

/**
 * requestTranscript is sent true only when transcripts are wanted (EWC_REQUEST_TRANSCRIPT or the
 * request asks for it) AND the e-mail address is plausible (what the AACC samples do).
 */
export function wantsTranscript(configured: boolean, req: EscalationRequest): boolean {
  return (configured || req.requestTranscript) && isPlausibleEmail(req.customer.email?.trim());
}

/** Split a customer message into chunks the agent desktop accepts, by code points, in order. */
export function splitMessage(text: string, max: number = EWC_LIMITS.messageMaxChars): string[] {
  const chars = Array.from(text);
  if (chars.length <= max) return [text];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += max) parts.push(chars.slice(i, i + max).join(''));
  return parts;
}

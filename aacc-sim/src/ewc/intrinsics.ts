import { SimError } from '../errors.js';
import type { Customer, CustomField } from '../model/types.js';

/** Custom field limits (Oceana's documented ones, with a value limit large enough for a bot summary). */
export const CUSTOM_FIELD_LIMITS = { maxEntries: 10, maxTitle: 50, maxValue: 4045 } as const;
const MAX_SHORT = 256;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Read `requestChat.intrinsics` tolerantly (missing/null fields are fine): the customer and skillset, or a
 * `bad_request` error.
 */
export function readIntrinsics(raw: unknown): { customer: Customer; skillset: string | undefined } {
  const src = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const short = ['name', 'email', 'phoneNumber', 'country', 'area', 'skillset'] as const;
  for (const key of short) {
    const v = str(src[key]);
    if (v && v.length > MAX_SHORT) throw new SimError('bad_request', `intrinsics.${key} is too long`);
  }
  const customFields: CustomField[] = [];
  const rawFields = src['customFields'];
  if (rawFields !== undefined && rawFields !== null) {
    if (!Array.isArray(rawFields) || rawFields.length > CUSTOM_FIELD_LIMITS.maxEntries) {
      throw new SimError('bad_request', `customFields must be an array of at most ${CUSTOM_FIELD_LIMITS.maxEntries}`);
    }
    for (const f of rawFields) {
      const title = typeof f === 'object' && f !== null ? str((f as Record<string, unknown>)['title']) : undefined;
      const value = typeof f === 'object' && f !== null ? (f as Record<string, unknown>)['value'] : undefined;
      const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
      if (!title || title.length > CUSTOM_FIELD_LIMITS.maxTitle || text.length > CUSTOM_FIELD_LIMITS.maxValue) {
        throw new SimError('bad_request', 'each custom field needs a title (<= 50 chars) and a value (<= 4045 chars)');
      }
      customFields.push({ title, value: text });
    }
  }
  const customer: Customer = { name: str(src['name']) ?? 'Customer', customFields };
  const email = str(src['email']);
  const phone = str(src['phoneNumber']);
  const country = str(src['country']);
  const area = str(src['area']);
  if (email) customer.email = email;
  if (phone) customer.phone = phone;
  if (country) customer.country = country;
  if (area) customer.area = area;
  return { customer, skillset: str(src['skillset']) };
}

/** The intrinsics echoed in the `requestChat` notification (always with `name`). */
export function echoIntrinsics(customer: Customer, skillset: string): Record<string, unknown> {
  return {
    name: customer.name,
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.country ? { country: customer.country } : {}),
    ...(customer.area ? { area: customer.area } : {}),
    ...(customer.phone ? { phoneNumber: customer.phone } : {}),
    skillset,
    customFields: customer.customFields.map((f) => ({ ...f })),
  };
}

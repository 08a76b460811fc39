import { z } from 'zod';
import { SimError } from '../errors.js';

const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** Body of `POST /CustomerControllerWeb/callback {method:'requestCallback', ...}`. */
export const RequestCallbackSchema = z.object({
  method: z.literal('requestCallback'),
  name: z.string().trim().min(1).max(256),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()./-]{3,32}$/, 'must be a phone number'),
  email: z.string().trim().max(256).nullish(),
  countryCode: z.string().trim().max(8).nullish(),
  areaCode: z.string().trim().max(8).nullish(),
  skillset: z.string().trim().min(1).max(128),
  date: z
    .union([
      z.number().int().nonnegative(),
      z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number),
    ])
    .nullish(),
  customFields: z
    .array(z.object({ title: z.string().trim().min(1).max(50), value: z.string().max(4045) }))
    .max(10)
    .nullish(),
  idempotencyKey: z.string().min(1).max(128).nullish(),
  statusCallbackUrl: httpUrl.nullish(),
});
export type RequestCallback = z.infer<typeof RequestCallbackSchema>;

/** Validate a requestCallback body or throw `bad_request` naming the offending fields. */
export function parseRequestCallback(body: unknown): RequestCallback {
  const r = RequestCallbackSchema.safeParse(body);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  throw new SimError('bad_request', `Invalid requestCallback: ${fields}`);
}

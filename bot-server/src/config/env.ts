/**
 * Small helpers for describing environment variables with zod. Every variable is a string (or
 * absent) on input; these coerce and explain. Sections in ./sections/ use them; index.ts is the
 * only place that reads process.env.
 */
import * as z from 'zod';

export const str = (def?: string) =>
  def === undefined ? z.string().trim().min(1).optional() : z.string().trim().min(1).default(def);

export const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(def as never)
    .transform((v) => (typeof v === 'string' ? Number(v) : v)) as unknown as z.ZodType<number, string | undefined>;

export const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(def as never) as unknown as z.ZodType<boolean, string | undefined>;

export const list = (def: string[]) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .default(def as never) as unknown as z.ZodType<string[], string | undefined>;

export type Section<T> = { readonly name: string; readonly schema: z.ZodType<T, Record<string, string | undefined>> };

export function section<S extends z.ZodRawShape>(name: string, shape: S) {
  return { name, schema: z.object(shape) };
}

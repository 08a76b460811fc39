/** How the domain describes a failure it logs instead of throwing, and the guard for cases that cannot happen. */
import { ParleyError } from '../errors.js';

/** A failure as log fields: its code when it is one of ours, never a stack or personal data. */
export function errInfo(err: unknown): { code?: string; message: string } {
  if (err instanceof ParleyError) return { code: err.code, message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}

/** The default branch of a switch the compiler has proven exhaustive: reached only by data from a newer version. */
export function assertNever(value: never): never {
  throw new TypeError(`unhandled case ${JSON.stringify(value)}`);
}

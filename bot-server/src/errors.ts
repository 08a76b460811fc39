import { ERRORS, type ErrorCode, type ErrorSpec } from '@parley/protocol';

/** The one error type for expected failures. Status and close code come from the catalogue. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly closeCode: number | undefined;
  readonly retryable: boolean;
  readonly detail: unknown;

  constructor(code: ErrorCode, message?: string, detail?: unknown) {
    const spec: ErrorSpec = ERRORS[code];
    super(message ?? spec.message);
    this.name = 'ParleyError';
    this.code = code;
    this.status = spec.status;
    this.closeCode = spec.closeCode;
    this.retryable = spec.retryable;
    this.detail = detail;
  }

  toJSON(): { code: ErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

export function isParleyError(err: unknown): err is ParleyError {
  return err instanceof ParleyError;
}

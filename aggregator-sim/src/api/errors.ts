import type { ApiVersion } from '../options.js';

/** An API error with the status and `code` the real API uses; rendered in the caller's version's shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** v2 may list several problems in one 400. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** v1.1: `{"error":{"code","description"}}`; v2: `{"errors":[{"code","title"}]}`. */
export function errorBody(version: ApiVersion, err: ApiError): object {
  if (version === 'v1.1') return { error: { code: err.code, description: err.message } };
  const titles = err.details.length > 0 ? err.details : [err.message];
  return { errors: titles.map((title) => ({ code: err.code, title })) };
}

export const unauthorized = () => new ApiError(401, 'unauthorized', 'Authorization is required');
export const forbidden = () => new ApiError(403, 'forbidden', 'Cannot access this app with these credentials');
export const notFound = (code: string, what: string) => new ApiError(404, code, what);

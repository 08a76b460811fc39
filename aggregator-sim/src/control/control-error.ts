/** Misuse of the control API; the HTTP status follows the code. */
export type ControlErrorCode = 'bad_request' | 'not_found';

export class ControlError extends Error {
  readonly status: number;
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
    this.status = code === 'bad_request' ? 400 : 404;
  }
}

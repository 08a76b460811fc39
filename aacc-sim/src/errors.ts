/**
 * Codes of simulator errors. `not_started` (chat over, or an early message refused) and `session_invalid`
 * (resume with an unknown, expired or wrong key) only occur on the EWC socket; see ewc/ewc-errors.ts.
 */
export type SimErrorCode =
  'bad_request' | 'unauthorized' | 'not_found' | 'conflict' | 'limit' | 'not_started' | 'session_invalid';

const HTTP_STATUS: Record<SimErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  limit: 429,
  not_started: 409,
  session_invalid: 404,
};

/** An error of the simulator (model, control API, REST, EWC), with a stable code. */
export class SimError extends Error {
  readonly code: SimErrorCode;
  /** HTTP status for the code (REST and the control API answer with it). */
  readonly status: number;
  constructor(code: SimErrorCode, message: string) {
    super(message);
    this.name = 'SimError';
    this.code = code;
    this.status = HTTP_STATUS[code];
  }
}

/** A resume that names an unknown, closed or wrongly keyed chat. */
export function sessionInvalid(): SimError {
  return new SimError('session_invalid', 'Unable to reconnect, session key is invalid or expired');
}

/** A customer message before the chat exists or after it ended (or early, with `earlyMessages: 'reject'`). */
export function chatNotStarted(): SimError {
  return new SimError('not_started', 'Chat not started');
}

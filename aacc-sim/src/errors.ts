/** Codes of control/REST misuse. HTTP status follows the code. */
export type SimErrorCode = 'bad_request' | 'unauthorized' | 'not_found' | 'conflict' | 'limit';

const STATUS: Record<SimErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  limit: 429,
};

/** An error of the simulator's control API or REST endpoints, with a stable code. */
export class SimError extends Error {
  readonly code: SimErrorCode;
  readonly status: number;
  constructor(code: SimErrorCode, message: string) {
    super(message);
    this.name = 'SimError';
    this.code = code;
    this.status = STATUS[code];
  }
}

/**
 * The one error catalogue. Every coded error Parley emits, on HTTP or WebSocket, comes from here.
 * `closeCode` is set where the error ends the WebSocket (application range 4000-4999);
 * errors without one are reported in an `error` frame and the socket stays open.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly closeCode?: number;
  readonly retryable: boolean;
  readonly message: string;
}

export const ERRORS = {
  // Protocol and frame validation
  PARLEY_ERR_BAD_JSON: { status: 400, retryable: false, message: 'The frame is not valid JSON.' },
  PARLEY_ERR_BAD_FRAME: { status: 400, retryable: false, message: 'The frame does not match the protocol schema.' },
  PARLEY_ERR_UNKNOWN_TYPE: { status: 400, retryable: false, message: 'Unknown frame type.' },
  PARLEY_ERR_PAYLOAD_TOO_LARGE: {
    status: 413,
    closeCode: 4009,
    retryable: false,
    message: 'The frame is larger than the payload limit.',
  },
  PARLEY_ERR_TEXT_TOO_LONG: { status: 400, retryable: false, message: 'The message is longer than the limit.' },
  PARLEY_ERR_PROTOCOL_VERSION: {
    status: 400,
    closeCode: 4001,
    retryable: false,
    message: 'Unsupported protocol version.',
  },
  PARLEY_ERR_HELLO_REQUIRED: {
    status: 400,
    closeCode: 4002,
    retryable: true,
    message: 'The first frame must be session.hello.',
  },
  PARLEY_ERR_HELLO_TIMEOUT: { status: 408, closeCode: 4003, retryable: true, message: 'No session.hello in time.' },
  PARLEY_ERR_RATE_LIMITED: { status: 429, retryable: true, message: 'Too many messages; slow down.' },
  PARLEY_ERR_FLOOD: { status: 429, closeCode: 4029, retryable: true, message: 'Message flood; connection closed.' },
  PARLEY_ERR_DUPLICATE_CONFLICT: {
    status: 409,
    retryable: false,
    message: 'This client message id was already used for different content.',
  },
  // Identity and access
  PARLEY_ERR_ORIGIN_FORBIDDEN: { status: 403, retryable: false, message: 'This origin may not open a chat.' },
  PARLEY_ERR_BAD_TOKEN: {
    status: 401,
    closeCode: 4004,
    retryable: false,
    message: 'The conversation token is invalid.',
  },
  PARLEY_ERR_NOT_FOUND: { status: 404, retryable: false, message: 'Not found.' },
  PARLEY_ERR_TOO_MANY_CONNECTIONS: {
    status: 429,
    closeCode: 4030,
    retryable: true,
    message: 'Too many connections from this client.',
  },
  // Conversation
  PARLEY_ERR_CONVERSATION_ENDED: { status: 409, retryable: false, message: 'The conversation has ended.' },
  PARLEY_ERR_ILLEGAL_TRANSITION: {
    status: 409,
    retryable: false,
    message: 'That action is not possible in the current state of the conversation.',
  },
  PARLEY_ERR_VALIDATION: { status: 422, retryable: false, message: 'Some fields are not valid.' },
  PARLEY_ERR_HISTORY_RESET: { status: 409, retryable: false, message: 'The resume point is unknown; reload history.' },
  // Escalation
  PARLEY_ERR_NO_AGENT: { status: 503, retryable: true, message: 'No agent is available right now.' },
  PARLEY_ERR_CONTACT_CENTER_DOWN: { status: 503, retryable: true, message: 'The contact center cannot be reached.' },
  PARLEY_ERR_VOICE_REFUSED: { status: 422, retryable: false, message: 'A call to this number cannot be placed.' },
  PARLEY_ERR_VOICE_PROVIDER: { status: 502, retryable: true, message: 'The call could not be placed.' },
  PARLEY_ERR_SIGNATURE: { status: 403, retryable: false, message: 'The request signature is not valid.' },
  PARLEY_ERR_WEBHOOK_AUTH: { status: 401, retryable: false, message: 'The webhook X-API-Key is missing or wrong.' },
  PARLEY_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: 'The body must be application/json.' },
  // Server
  PARLEY_ERR_SHUTTING_DOWN: { status: 503, closeCode: 4503, retryable: true, message: 'The server is restarting.' },
  PARLEY_ERR_INTERNAL: { status: 500, closeCode: 4500, retryable: true, message: 'Internal error.' },
  PARLEY_ERR_CONFIG: { status: 500, retryable: false, message: 'Invalid configuration.' },
  PARLEY_ERR_FLOW: { status: 500, retryable: false, message: 'Invalid flow definition.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** Close code -> error code, for the widget to explain why a socket was closed. */
export function errorForCloseCode(closeCode: number): ErrorCode | undefined {
  for (const code of ERROR_CODES) {
    if ((ERRORS[code] as ErrorSpec).closeCode === closeCode) return code;
  }
  return undefined;
}

/**
 * The one error catalogue. Every coded error Parley emits, on HTTP or WebSocket, comes from here.
 * `closeCode` is set where the error ends the WebSocket (application range 4000-4999);
 * errors without one are reported in an `error` frame and the socket stays open.
 *
 * The catalogue is kept in two tables so that a client bundles only what it acts on: ERROR_WIRE (status, close
 * code, retryable) is all the widget needs to explain a closed socket; the English messages are the server's.
 * Both are keyed by the same codes, which the type system holds together.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly closeCode?: number;
  readonly retryable: boolean;
  readonly message: string;
}

export type ErrorWire = Omit<ErrorSpec, 'message'>;

export const ERROR_WIRE = {
  // Protocol and frame validation
  PARLEY_ERR_BAD_JSON: { status: 400, retryable: false },
  PARLEY_ERR_BAD_FRAME: { status: 400, retryable: false },
  PARLEY_ERR_UNKNOWN_TYPE: { status: 400, retryable: false },
  PARLEY_ERR_PAYLOAD_TOO_LARGE: { status: 413, closeCode: 4009, retryable: false },
  PARLEY_ERR_TEXT_TOO_LONG: { status: 400, retryable: false },
  PARLEY_ERR_PROTOCOL_VERSION: { status: 400, closeCode: 4001, retryable: false },
  PARLEY_ERR_HELLO_REQUIRED: { status: 400, closeCode: 4002, retryable: true },
  PARLEY_ERR_HELLO_TIMEOUT: { status: 408, closeCode: 4003, retryable: true },
  PARLEY_ERR_RATE_LIMITED: { status: 429, retryable: true },
  PARLEY_ERR_FLOOD: { status: 429, closeCode: 4029, retryable: true },
  PARLEY_ERR_DUPLICATE_CONFLICT: { status: 409, retryable: false },
  // Identity and access
  PARLEY_ERR_ORIGIN_FORBIDDEN: { status: 403, closeCode: 4031, retryable: false },
  PARLEY_ERR_BAD_TOKEN: { status: 401, closeCode: 4004, retryable: false },
  PARLEY_ERR_NOT_FOUND: { status: 404, retryable: false },
  PARLEY_ERR_TOO_MANY_CONNECTIONS: { status: 429, closeCode: 4030, retryable: true },
  // Conversation
  PARLEY_ERR_CONVERSATION_ENDED: { status: 409, retryable: false },
  PARLEY_ERR_ILLEGAL_TRANSITION: { status: 409, retryable: false },
  PARLEY_ERR_VALIDATION: { status: 422, retryable: false },
  PARLEY_ERR_HISTORY_RESET: { status: 409, retryable: false },
  // Escalation
  PARLEY_ERR_NO_AGENT: { status: 503, retryable: true },
  PARLEY_ERR_CONTACT_CENTER_DOWN: { status: 503, retryable: true },
  PARLEY_ERR_VOICE_REFUSED: { status: 422, retryable: false },
  PARLEY_ERR_VOICE_PROVIDER: { status: 502, retryable: true },
  PARLEY_ERR_SIGNATURE: { status: 403, retryable: false },
  PARLEY_ERR_WEBHOOK_AUTH: { status: 401, retryable: false },
  PARLEY_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  // Attachments
  PARLEY_ERR_FILE_TOO_LARGE: { status: 413, retryable: false },
  PARLEY_ERR_FILE_TYPE: { status: 415, retryable: false },
  PARLEY_ERR_FILE_UNSAFE: { status: 422, retryable: false },
  PARLEY_ERR_FILE_UNCHECKED: { status: 503, retryable: true },
  PARLEY_ERR_UPLOADS_BUSY: { status: 503, retryable: true },
  // Server
  PARLEY_ERR_SHUTTING_DOWN: { status: 503, closeCode: 4503, retryable: true },
  PARLEY_ERR_INTERNAL: { status: 500, closeCode: 4500, retryable: true },
  PARLEY_ERR_CONFIG: { status: 500, retryable: false },
  PARLEY_ERR_FLOW: { status: 500, retryable: false },
} as const satisfies Record<string, ErrorWire>;

export type ErrorCode = keyof typeof ERROR_WIRE;

const ERROR_MESSAGES: Record<ErrorCode, string> = {
  PARLEY_ERR_BAD_JSON: 'The frame is not valid JSON.',
  PARLEY_ERR_BAD_FRAME: 'The frame does not match the protocol schema.',
  PARLEY_ERR_UNKNOWN_TYPE: 'Unknown frame type.',
  PARLEY_ERR_PAYLOAD_TOO_LARGE: 'The frame is larger than the payload limit.',
  PARLEY_ERR_TEXT_TOO_LONG: 'The message is longer than the limit.',
  PARLEY_ERR_PROTOCOL_VERSION: 'Unsupported protocol version.',
  PARLEY_ERR_HELLO_REQUIRED: 'The first frame must be session.hello.',
  PARLEY_ERR_HELLO_TIMEOUT: 'No session.hello in time.',
  PARLEY_ERR_RATE_LIMITED: 'Too many messages; slow down.',
  PARLEY_ERR_FLOOD: 'Message flood; connection closed.',
  PARLEY_ERR_DUPLICATE_CONFLICT: 'This client message id was already used for different content.',
  PARLEY_ERR_ORIGIN_FORBIDDEN: 'This origin may not open a chat.',
  PARLEY_ERR_BAD_TOKEN: 'The conversation token is invalid.',
  PARLEY_ERR_NOT_FOUND: 'Not found.',
  PARLEY_ERR_TOO_MANY_CONNECTIONS: 'Too many connections from this client.',
  PARLEY_ERR_CONVERSATION_ENDED: 'The conversation has ended.',
  PARLEY_ERR_ILLEGAL_TRANSITION: 'That action is not possible in the current state of the conversation.',
  PARLEY_ERR_VALIDATION: 'Some fields are not valid.',
  PARLEY_ERR_HISTORY_RESET: 'The resume point is unknown; reload history.',
  PARLEY_ERR_NO_AGENT: 'No agent is available right now.',
  PARLEY_ERR_CONTACT_CENTER_DOWN: 'The contact center cannot be reached.',
  PARLEY_ERR_VOICE_REFUSED: 'A call to this number cannot be placed.',
  PARLEY_ERR_VOICE_PROVIDER: 'The call could not be placed.',
  PARLEY_ERR_SIGNATURE: 'The request signature is not valid.',
  PARLEY_ERR_WEBHOOK_AUTH: 'The webhook X-API-Key is missing or wrong.',
  PARLEY_ERR_UNSUPPORTED_MEDIA_TYPE: 'The body must be application/json.',
  PARLEY_ERR_FILE_TOO_LARGE: 'This file is too large.',
  PARLEY_ERR_FILE_TYPE: "This file type can't be sent.",
  PARLEY_ERR_FILE_UNSAFE: "This file didn't pass our security check.",
  PARLEY_ERR_FILE_UNCHECKED:
    "This file couldn't be checked for safety right now, so it wasn't sent. Please try again later.",
  PARLEY_ERR_UPLOADS_BUSY:
    'Too many files are being sent right now, so this one was not. Please try again in a moment.',
  PARLEY_ERR_SHUTTING_DOWN: 'The server is restarting.',
  PARLEY_ERR_INTERNAL: 'Internal error.',
  PARLEY_ERR_CONFIG: 'Invalid configuration.',
  PARLEY_ERR_FLOW: 'Invalid flow definition.',
};

export const ERRORS: Readonly<Record<ErrorCode, ErrorSpec>> = /* @__PURE__ */ catalogue();

function catalogue(): Record<ErrorCode, ErrorSpec> {
  const out = {} as Record<ErrorCode, ErrorSpec>;
  for (const code of Object.keys(ERROR_WIRE) as ErrorCode[])
    out[code] = { ...ERROR_WIRE[code], message: ERROR_MESSAGES[code] };
  return out;
}

export const ERROR_CODES = Object.keys(ERROR_WIRE) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_WIRE, value);
}

/** Close code -> error code, for the widget to explain why a socket was closed. */
export function errorForCloseCode(closeCode: number): ErrorCode | undefined {
  for (const code of ERROR_CODES) {
    if ((ERROR_WIRE[code] as ErrorWire).closeCode === closeCode) return code;
  }
  return undefined;
}

/**
 * The socket's state as the widget shows it (a closed union):
 * `idle` before the first connect, `connecting` for the first attempt, `online` after session.welcome,
 * `reconnecting` while backing off after a drop, `offline` while the browser reports no network,
 * `failed` when the server refused us for good (bad origin, protocol version).
 */
export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline' | 'failed';

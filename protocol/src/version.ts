/**
 * Wire protocol version. The widget sends it in `session.hello`; the server refuses a different
 * major version with PARLEY_ERR_PROTOCOL_VERSION (close 4001). Minor versions only add optional
 * fields or new frame types that an older peer may ignore.
 * 1.1: `epoch` in session.hello and session.welcome (a stale resume point is detected).
 */
export const PROTOCOL_VERSION = '1.1' as const;
export const PROTOCOL_MAJOR = 1;

export function protocolMajor(version: string): number {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  return Number.isFinite(major) ? major : -1;
}

import type { RawData } from 'ws';

/** Text of a ws message: a Buffer with the default binaryType, a list or an ArrayBuffer with the others. */
export function wsText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}

/**
 * Just enough of the ZIP format to tell an Office or OpenDocument file from any other zip: the entry names from the
 * central directory, and one small entry's bytes. Anything unusual (zip64, encryption, truncation) reads as
 * undefined, which the sniffer treats as an archive and refuses. Only those parts are read (the end record, the
 * central directory after it, one entry), never the whole file.
 */
import { inflateRawSync } from 'node:zlib';
import type { ByteView } from './bytes.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function zipEntries(view: ByteView): ZipEntry[] | undefined {
  // The end record sits in the last 22 bytes plus at most a 64 KiB comment.
  const tailStart = Math.max(0, view.length - 22 - 0xffff);
  const tail = view.subarray(tailStart, view.length);
  const eocd = findEocd(tail);
  if (eocd < 0) return undefined;
  const count = tail.readUInt16LE(eocd + 10);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) return undefined;
  // The central directory, which ends where the end record starts.
  const buf = view.subarray(cdOffset, tailStart + eocd);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return undefined;
    const nameLen = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (next > buf.length) return undefined;
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p = next;
  }
  return entries;
}

/** The bytes of a stored or deflated entry of at most `maxBytes`; undefined otherwise. */
export function zipEntryData(view: ByteView, entry: ZipEntry, maxBytes: number): Buffer | undefined {
  if (entry.size > maxBytes) return undefined;
  const p = entry.localOffset;
  const local = view.subarray(p, p + 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) return undefined;
  const start = p + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = view.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize) return undefined;
  try {
    if (entry.method === 0) return raw;
    if (entry.method === 8) return inflateRawSync(raw, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  }
  return undefined;
}

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= stop; p--) if (buf.readUInt32LE(p) === EOCD) return p;
  return -1;
}

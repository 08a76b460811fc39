/**
 * An image's size in pixels, read from its header, so the widget and the channels can size it before it loads
 * (no layout jump). Only the header is read, with bounds checks at every step: a malformed file gives undefined,
 * never an exception. A JPEG turned by its EXIF orientation (5 to 8) reports the size as displayed. A file kept as
 * the chunks it arrived in is read only where needed: the first bytes, a JPEG's segment headers, its EXIF and frame.
 */
import type { ByteView } from './bytes.js';

export interface ImageSize {
  width: number;
  height: number;
}

const MAX_SIDE = 65_535;

function size(width: number, height: number): ImageSize | undefined {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_SIDE;
  return ok(width) && ok(height) ? { width, height } : undefined;
}

function png(b: Buffer): ImageSize | undefined {
  // The first chunk is IHDR: width and height, big-endian, at 16 and 20.
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return size(b.readUInt32BE(16), b.readUInt32BE(20));
}

function gif(b: Buffer): ImageSize | undefined {
  return b.length < 10 ? undefined : size(b.readUInt16LE(6), b.readUInt16LE(8));
}

function webp(b: Buffer): ImageSize | undefined {
  if (b.length < 30) return undefined;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return size(b.readUIntLE(24, 3) + 1, b.readUIntLE(27, 3) + 1);
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8 ') return size(b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
  return undefined;
}

/** EXIF orientation of an APP1 segment's body (after "Exif\0\0"), or 1. */
function exifOrientation(b: Buffer, start: number, end: number): number {
  if (end - start < 8) return 1;
  const le = b.toString('latin1', start, start + 2) === 'II';
  const u16 = (at: number) => (at + 2 <= end ? (le ? b.readUInt16LE(at) : b.readUInt16BE(at)) : 0);
  const u32 = (at: number) => (at + 4 <= end ? (le ? b.readUInt32LE(at) : b.readUInt32BE(at)) : 0);
  const ifd = start + u32(start + 4);
  const entries = u16(ifd);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) break;
    if (u16(entry) === 0x0112) return u16(entry + 8);
  }
  return 1;
}

function jpeg(v: ByteView): ImageSize | undefined {
  let orientation = 1;
  let at = 2;
  for (;;) {
    const h = v.subarray(at, at + 4);
    if (h.length < 4 || h[0] !== 0xff) return undefined;
    const marker = h[1] ?? 0;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = h.readUInt16BE(2);
    if (length < 2 || at + 2 + length > v.length) return undefined;
    // Start of frame (baseline, progressive...): not DHT (c4), JPG (c8) or DAC (cc).
    const frame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (marker === 0xe1 || frame) {
      // The segment alone (at most 64 KiB), its body from 4.
      const b = v.subarray(at, at + 2 + length);
      if (marker === 0xe1 && b.toString('latin1', 4, 10) === 'Exif\0\0') orientation = exifOrientation(b, 10, b.length);
      if (frame) {
        if (length < 7) return undefined;
        const height = b.readUInt16BE(5);
        const width = b.readUInt16BE(7);
        return orientation >= 5 && orientation <= 8 ? size(height, width) : size(width, height);
      }
    }
    if (marker === 0xda) return undefined;
    at += 2 + length;
  }
}

/** The pixel size of a PNG, JPEG, GIF or WebP, from its header; undefined for anything else or a damaged header. */
export function imageSize(data: ByteView, mimeType: string): ImageSize | undefined {
  // PNG, GIF and WebP say their size in their first 30 bytes.
  const head = () => data.subarray(0, 30);
  switch (mimeType) {
    case 'image/png':
      return png(head());
    case 'image/gif':
      return gif(head());
    case 'image/webp':
      return webp(head());
    case 'image/jpeg':
      return jpeg(data);
    default:
      return undefined;
  }
}

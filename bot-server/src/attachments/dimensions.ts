/**
 * An image's size in pixels, read from its header, so the widget and the channels can size it before it loads
 * (no layout jump). Only the header is read, with bounds checks at every step: a malformed file gives undefined,
 * never an exception. A JPEG turned by its EXIF orientation (5 to 8) reports the size as displayed.
 */
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

function jpeg(b: Buffer): ImageSize | undefined {
  let orientation = 1;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    const body = at + 4;
    if (length < 2 || at + 2 + length > b.length) return undefined;
    if (marker === 0xe1 && b.toString('latin1', body, body + 6) === 'Exif\0\0')
      orientation = exifOrientation(b, body + 6, at + 2 + length);
    // Start of frame (baseline, progressive...): not DHT (c4), JPG (c8) or DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 7) return undefined;
      const height = b.readUInt16BE(body + 1);
      const width = b.readUInt16BE(body + 3);
      return orientation >= 5 && orientation <= 8 ? size(height, width) : size(width, height);
    }
    if (marker === 0xda) return undefined;
    at += 2 + length;
  }
  return undefined;
}

/** The pixel size of a PNG, JPEG, GIF or WebP, from its header; undefined for anything else or a damaged header. */
export function imageSize(data: Buffer, mimeType: string): ImageSize | undefined {
  switch (mimeType) {
    case 'image/png':
      return png(data);
    case 'image/gif':
      return gif(data);
    case 'image/webp':
      return webp(data);
    case 'image/jpeg':
      return jpeg(data);
    default:
      return undefined;
  }
}

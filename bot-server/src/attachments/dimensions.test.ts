import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { imageSize } from './dimensions.js';

function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A JPEG header: an optional EXIF orientation (little- or big-endian TIFF), a DQT to skip, then SOF0 or SOF2. */
function jpegHeader(width: number, height: number, opts: { orientation?: number; be?: boolean; sof?: number } = {}) {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  if (opts.orientation) {
    const tiff = Buffer.alloc(26);
    const be = opts.be === true;
    tiff.write(be ? 'MM' : 'II', 0, 'latin1');
    const u16 = (v: number, at: number) => (be ? tiff.writeUInt16BE(v, at) : tiff.writeUInt16LE(v, at));
    const u32 = (v: number, at: number) => (be ? tiff.writeUInt32BE(v, at) : tiff.writeUInt32LE(v, at));
    u16(42, 2);
    u32(8, 4);
    u16(1, 8);
    u16(0x0112, 10);
    u16(3, 12);
    u32(1, 14);
    u16(opts.orientation, 18);
    parts.push(segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])));
  }
  parts.push(segment(0xdb, Buffer.alloc(65)));
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  parts.push(segment(opts.sof ?? 0xc0, sof), Buffer.from([0xff, 0xda]));
  return Buffer.concat(parts);
}

function webpHeader(chunk: 'VP8X' | 'VP8L' | 'VP8 ', width: number, height: number): Buffer {
  const b = Buffer.alloc(40);
  b.write('RIFF', 0, 'latin1');
  b.write('WEBP', 8, 'latin1');
  b.write(chunk, 12, 'latin1');
  if (chunk === 'VP8X') {
    b.writeUIntLE(width - 1, 24, 3);
    b.writeUIntLE(height - 1, 27, 3);
  } else if (chunk === 'VP8L') {
    b[20] = 0x2f;
    b.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21);
  } else {
    b.writeUInt16LE(width, 26);
    b.writeUInt16LE(height, 28);
  }
  return b;
}

describe('image sizes from headers', () => {
  test('PNG, GIF and the three WebP kinds', () => {
    assert.deepEqual(imageSize(pngHeader(640, 480), 'image/png'), { width: 640, height: 480 });
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x20, 0x03, 0x58, 0x02])]);
    assert.deepEqual(imageSize(gif, 'image/gif'), { width: 800, height: 600 });
    assert.deepEqual(imageSize(webpHeader('VP8X', 1920, 1080), 'image/webp'), { width: 1920, height: 1080 });
    assert.deepEqual(imageSize(webpHeader('VP8L', 300, 200), 'image/webp'), { width: 300, height: 200 });
    assert.deepEqual(imageSize(webpHeader('VP8 ', 128, 64), 'image/webp'), { width: 128, height: 64 });
  });

  test('JPEG: baseline and progressive frames, segments skipped, EXIF orientation turning the picture', () => {
    assert.deepEqual(imageSize(jpegHeader(4032, 3024), 'image/jpeg'), { width: 4032, height: 3024 });
    assert.deepEqual(imageSize(jpegHeader(800, 600, { sof: 0xc2 }), 'image/jpeg'), { width: 800, height: 600 });
    // A phone held upright: stored landscape, shown portrait.
    assert.deepEqual(imageSize(jpegHeader(4032, 3024, { orientation: 6 }), 'image/jpeg'), {
      width: 3024,
      height: 4032,
    });
    assert.deepEqual(imageSize(jpegHeader(4032, 3024, { orientation: 8, be: true }), 'image/jpeg'), {
      width: 3024,
      height: 4032,
    });
    assert.deepEqual(imageSize(jpegHeader(4032, 3024, { orientation: 3 }), 'image/jpeg'), {
      width: 4032,
      height: 3024,
    });
  });

  test('damaged or truncated headers and other types give no size, never an exception', () => {
    const full = jpegHeader(800, 600);
    for (let cut = 0; cut < full.length - 2; cut++)
      assert.equal(imageSize(full.subarray(0, cut), 'image/jpeg'), undefined);
    assert.equal(imageSize(pngHeader(0, 480), 'image/png'), undefined);
    assert.equal(imageSize(pngHeader(640, 480).subarray(0, 20), 'image/png'), undefined);
    assert.equal(imageSize(Buffer.from([0xff, 0xd8, 0x00, 0x00]), 'image/jpeg'), undefined);
    assert.equal(imageSize(webpHeader('VP8X', 10, 10).subarray(0, 20), 'image/webp'), undefined);
    assert.equal(imageSize(pngHeader(640, 480), 'application/pdf'), undefined);
  });
});

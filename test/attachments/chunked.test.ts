/**
 * Files kept as the chunks they arrived in are judged exactly as whole ones: Office and OpenDocument containers whose
 * central directory, first entry and `[Content_Types].xml` lie in different chunks from the magic number; legacy
 * Office names split across a join; UTF-8 characters cut between two chunks; image sizes read across joins. The
 * byte views themselves are checked against Buffer's.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FileBytes } from '../../bot-server/src/attachments/bytes.js';
import { imageSize } from '../../bot-server/src/attachments/dimensions.js';
import { sniff } from '../../bot-server/src/attachments/sniff.js';
import { cut, docm, png, zip } from './support/files.js';

const CHUNKINGS = [13, 1000, 65_536];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The whole-buffer verdict, asserted equal under every chunking. */
function sniffed(buf: Buffer) {
  const whole = sniff(buf);
  for (const size of CHUNKINGS) assert.deepEqual(sniff(cut(buf, size)), whole, `cut every ${size} bytes`);
  return whole;
}

/** An OLE2 compound file as far as the sniffer reads it: the magic number, then stream names in UTF-16LE. */
function ole(...names: string[]): Buffer {
  const magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return Buffer.concat([magic, randomBytes(70_001), ...names.map((n) => Buffer.from(n, 'utf16le')), randomBytes(99)]);
}

describe('files kept in chunks', () => {
  test('Office and ODF containers with their parts far apart: passed, and refused with macros, as whole', () => {
    const padding = ['word/media/image1.png', randomBytes(300_000)] as [string, Buffer];
    const docx = zip([
      ['[Content_Types].xml', '<Types><Override ContentType="application/vnd.openxmlformats"/></Types>'],
      padding,
      ['word/document.xml', '<w:document/>'],
    ]);
    assert.deepEqual(sniffed(docx), { ok: true, mimeType: DOCX, image: false });
    const docmBig = zip([padding, ...docmEntries()]);
    assert.deepEqual(sniffed(docmBig), { ok: false, reason: 'macro' });
    const odt = zip([['mimetype', 'application/vnd.oasis.opendocument.text'], padding]);
    assert.deepEqual(sniffed(odt), { ok: true, mimeType: 'application/vnd.oasis.opendocument.text', image: false });
    const odtMacro = zip([['mimetype', 'application/vnd.oasis.opendocument.text'], padding, ['Scripts/x.js', 'x']]);
    assert.deepEqual(sniffed(odtMacro), { ok: false, reason: 'macro' });
    assert.deepEqual(sniffed(zip([padding, ['notes.txt', 'hi']])), { ok: false, reason: 'archive' });
  });

  test('legacy Office: the stream names found across joins; macros and other OLE2 files refused', () => {
    assert.deepEqual(sniffed(ole('WordDocument')), { ok: true, mimeType: 'application/msword', image: false });
    assert.deepEqual(sniffed(ole('Workbook', '_VBA_PROJECT')), { ok: false, reason: 'macro' });
    assert.deepEqual(sniffed(ole('PowerPoint Document', 'Macros')), { ok: false, reason: 'macro' });
    assert.deepEqual(sniffed(ole('SummaryInformation')), { ok: false, reason: 'unknown' });
  });

  test('text: a character cut between chunks is text; a bad sequence or a control character anywhere is not', () => {
    const text = Buffer.from(`${'Relevé du compteur: 12345 — merci. '.repeat(3000)}€`, 'utf8');
    assert.deepEqual(sniffed(text), { ok: true, mimeType: 'text/plain; charset=utf-8', image: false });
    assert.deepEqual(sniffed(text.subarray(0, text.length - 1)), { ok: false, reason: 'unknown' }, 'cut short');
    const late = Buffer.concat([text, Buffer.from([0x1b]), text]);
    assert.deepEqual(sniffed(late), { ok: false, reason: 'unknown' }, 'escape far in');
    const bad = Buffer.concat([text, Buffer.from([0xc3, 0x28]), text]);
    assert.deepEqual(sniffed(bad), { ok: false, reason: 'unknown' }, 'invalid UTF-8 far in');
  });

  test('image sizes from chunks: a JPEG whose frame comes after a large EXIF segment, a PNG', () => {
    const exif = Buffer.concat([
      Buffer.from([0xff, 0xe1, 0xff, 0xf0]),
      Buffer.from('Exif\0\0MM'),
      Buffer.alloc(65_510),
    ]);
    const sof = Buffer.from([0xff, 0xc0, 0, 17, 8, 0x0b, 0xb8, 0x0f, 0xa0, ...Array<number>(10).fill(0)]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), exif, sof, Buffer.from([0xff, 0xda])]);
    for (const size of CHUNKINGS) {
      assert.deepEqual(imageSize(cut(jpeg, size), 'image/jpeg'), { width: 4000, height: 3000 }, `${size}`);
      assert.deepEqual(imageSize(cut(png(), size), 'image/png'), { width: 1, height: 1 });
    }
    assert.equal(imageSize(cut(jpeg.subarray(0, jpeg.length - 12), 1000), 'image/jpeg'), undefined, 'cut short');
  });

  test('views, search and pieces match the same bytes whole', () => {
    const whole = randomBytes(10_000);
    const bytes = new FileBytes(
      [0, 1, 2, 500, 0, 3000, 6497].map((n, i, a) => whole.subarray(sum(a, i), sum(a, i) + n)),
    );
    assert.equal(bytes.length, whole.length);
    for (const [start, end] of [
      [0, 10_000],
      [0, 1],
      [2, 3],
      [1, 600],
      [3503, 3504],
      [9000, 20_000],
      [7, 7],
    ])
      assert.deepEqual(bytes.subarray(start!, end!), whole.subarray(start, end), `${start}-${end}`);
    for (const at of [0, 2, 500, 502, 3499, 3503, 9990])
      assert.equal(bytes.includes(whole.subarray(at, at + 10)), true, `found at ${at}`);
    assert.equal(bytes.includes(Buffer.from('not in random bytes, this long')), false);
    const pieces = [...bytes.pieces(4096)];
    assert.deepEqual(
      pieces.map((p) => p.length),
      [4096, 4096, 1808],
    );
    assert.deepEqual(Buffer.concat(pieces), whole);
  });
});

function sum(a: number[], n: number): number {
  return a.slice(0, n).reduce((x, y) => x + y, 0);
}

/** The macro-enabled document's entries, in order. */
function docmEntries(): Array<[string, Buffer]> {
  const parsed: Array<[string, Buffer]> = [];
  const buf = docm();
  for (let p = 0; buf.readUInt32LE(p) === 0x04034b50;) {
    const size = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    parsed.push([
      buf.toString('utf8', p + 30, p + 30 + nameLen),
      buf.subarray(p + 30 + nameLen, p + 30 + nameLen + size),
    ]);
    p += 30 + nameLen + size;
  }
  return parsed;
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contentDisposition, displayFileName } from '../../bot-server/src/attachments/filename.js';
import { LinkSigner } from '../../bot-server/src/attachments/links.js';
import { sniff } from '../../bot-server/src/attachments/sniff.js';
import { cut, docm, docx, elf, plainZip, png, zip } from './support/files.js';

/** The verdict on the bytes whole, the same on them cut into chunks as an upload arrives (also mid-signature). */
function sniffed(buf: Buffer) {
  const whole = sniff(buf);
  for (const size of [1, 7, 4096]) assert.deepEqual(sniff(cut(buf, size)), whole, `cut every ${size} bytes`);
  return whole;
}

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffing the real type', () => {
  test('allowed types are named by their bytes', () => {
    const cases: Array<[Buffer, string]> = [
      [png(), 'image/png'],
      [bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
      [bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
      [bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
      [bytes('%PDF-1.7\n'), 'application/pdf'],
      [bytes([0, 0, 0, 0x18], 'ftypmp42', [0, 0, 0, 0]), 'video/mp4'],
      [bytes([0, 0, 0, 0x18], 'ftypM4A ', [0, 0, 0, 0]), 'audio/mp4'],
      [bytes('ID3', [4, 0, 0]), 'audio/mpeg'],
      [bytes('OggS', [0]), 'audio/ogg'],
      [bytes('#!AMR\n', [0]), 'audio/amr'],
      [Buffer.from('Meter 12345, read on Monday.\nThanks!', 'utf8'), 'text/plain; charset=utf-8'],
      [docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [
        zip([
          ['mimetype', 'application/vnd.oasis.opendocument.text'],
          ['content.xml', '<office:document-content/>'],
        ]),
        'application/vnd.oasis.opendocument.text',
      ],
    ];
    for (const [buf, mimeType] of cases)
      assert.deepEqual(sniffed(buf), { ok: true, mimeType, image: mimeType.startsWith('image/') });
  });

  test('executables, archives and macros are refused whatever they are called', () => {
    const cases: Array<[Buffer, string]> = [
      [elf(), 'executable'],
      [bytes('MZ', [0x90, 0]), 'executable'],
      [bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0]), 'executable'],
      [Buffer.from('#!/bin/sh\nrm -rf ~\n'), 'executable'],
      [plainZip(), 'archive'],
      [bytes('PK', [5, 6], Buffer.alloc(18).toString('latin1')), 'archive'],
      [bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), 'archive'],
      [bytes('Rar!', [0x1a, 7, 0]), 'archive'],
      [bytes([0x1f, 0x8b, 8, 0]), 'archive'],
      [bytes('BZh91AY'), 'archive'],
      [bytes([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]), 'archive'],
      [Buffer.concat([Buffer.alloc(257), Buffer.from('ustar\0'), Buffer.alloc(250)]), 'archive'],
      [
        zip([
          ['META-INF/MANIFEST.MF', 'Manifest-Version: 1.0'],
          ['a/B.class', 'x'],
        ]),
        'archive',
      ],
      [docm(), 'macro'],
      [
        zip([
          ['mimetype', 'application/vnd.oasis.opendocument.text'],
          ['Basic/Standard/Module1.xml', '<script:module/>'],
        ]),
        'macro',
      ],
      [Buffer.from([0, 1, 2, 3, 0xfe, 0xff]), 'unknown'],
      [Buffer.alloc(0), 'unknown'],
    ];
    for (const [buf, reason] of cases) assert.deepEqual(sniffed(buf), { ok: false, reason }, reason);
  });
});

describe('file names and links', () => {
  test('display names lose bidi overrides, controls and path parts', () => {
    assert.equal(displayFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(displayFileName('../../etc/pass\u0000wd'), 'passwd');
    assert.equal(displayFileName('C:\\Users\\a\\report\u200b.pdf'), 'report.pdf');
    assert.equal(displayFileName('  ..  ', 'file'), 'file');
    assert.equal(displayFileName(`${'a'.repeat(300)}.pdf`).length, 255);
    assert.ok(displayFileName(`${'a'.repeat(300)}.pdf`).endsWith('.pdf'));
    assert.equal(
      contentDisposition('attachment', 'relevé "mai".pdf'),
      `attachment; filename="relev_ _mai_.pdf"; filename*=UTF-8''relev%C3%A9%20%22mai%22.pdf`,
    );
  });

  test('a link works until it expires, and not once altered', () => {
    const signer = new LinkSigner('s'.repeat(32), 1000);
    const link = new URL(signer.sign('abc', 5000), 'http://x');
    const [exp, sig] = [link.searchParams.get('exp') ?? '', link.searchParams.get('sig') ?? ''];
    assert.equal(signer.verify('abc', exp, sig, 5999), true);
    assert.equal(signer.verify('abc', exp, sig, 6000), false, 'expired');
    assert.equal(signer.verify('abd', exp, sig, 5000), false, 'another id');
    assert.equal(signer.verify('abc', String(Number(exp) + 1000), sig, 5000), false, 'extended expiry');
    assert.equal(signer.verify('abc', exp, `${sig.slice(0, -1)}A`, 5000), false, 'altered signature');
    assert.equal(new LinkSigner('t'.repeat(32), 1000).verify('abc', exp, sig, 5000), false, 'another secret');
    assert.equal(signer.verify('abc', undefined, sig, 5000), false);
  });
});

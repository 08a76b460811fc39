/**
 * Files for the attachment tests, built here rather than checked in: a real PNG, zips written by a small stored-entry
 * zip writer (a plain archive, a minimal .docx and a macro-enabled .docm), and an ELF header dressed as a .png.
 */
import { crc32, deflateSync } from 'node:zlib';
import { FileBytes } from '../../../bot-server/src/attachments/bytes.js';

/** A 1x1 PNG: signature, IHDR, IDAT, IEND with their CRCs. */
export function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function le(size: number, fields: Array<[at: number, bytes: 2 | 4, value: number]>): Buffer {
  const buf = Buffer.alloc(size);
  for (const [at, bytes, value] of fields) {
    if (bytes === 2) buf.writeUInt16LE(value, at);
    else buf.writeUInt32LE(value, at);
  }
  return buf;
}

/** A zip of stored (uncompressed) entries. */
export function zip(entries: Array<[name: string, content: string | Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    // Header fields at their offsets; those left zero (flags, method: stored, times) are not written.
    const local = le(30, [
      [0, 4, 0x04034b50],
      [4, 2, 20],
      [14, 4, crc],
      [18, 4, data.length],
      [22, 4, data.length],
      [26, 2, nameBytes.length],
    ]);
    const central = le(46, [
      [0, 4, 0x02014b50],
      [4, 2, 20],
      [6, 2, 20],
      [16, 4, crc],
      [20, 4, data.length],
      [24, 4, data.length],
      [28, 2, nameBytes.length],
      [42, 4, offset],
    ]);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = le(22, [
    [0, 4, 0x06054b50],
    [8, 2, entries.length],
    [10, 2, entries.length],
    [12, 4, cd.length],
    [16, 4, offset],
  ]);
  return Buffer.concat([...locals, cd, eocd]);
}

const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  '<w:body><w:p><w:r><w:t>Meter reading: 12345</w:t></w:r></w:p></w:body></w:document>';

function contentTypes(main: string, extra = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${main}"/>${extra}</Types>`
  );
}

/** A minimal Word document that Word opens. */
export function docx(): Buffer {
  return zip([
    [
      '[Content_Types].xml',
      contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
    ],
    ['_rels/.rels', RELS],
    ['word/document.xml', DOCUMENT],
  ]);
}

/** The same with a VBA project: a macro-enabled document. */
export function docm(): Buffer {
  return zip([
    [
      '[Content_Types].xml',
      contentTypes(
        'application/vnd.ms-word.document.macroEnabled.main+xml',
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
      ),
    ],
    ['_rels/.rels', RELS],
    ['word/document.xml', DOCUMENT],
    ['word/vbaProject.bin', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3, 4])],
  ]);
}

export function plainZip(): Buffer {
  return zip([
    ['notes.txt', 'hello'],
    ['photo.png', png()],
  ]);
}

/** An ELF header and some padding: what a renamed executable looks like. */
export function elf(): Buffer {
  const head = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  return Buffer.concat([head, Buffer.alloc(120)]);
}

/** A stored file's bytes read whole (storage.open's pieces), or undefined. */
export async function readAll(body: AsyncIterable<Buffer> | undefined): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const pieces: Buffer[] = [];
  for await (const piece of body) pieces.push(piece);
  return Buffer.concat(pieces);
}

/** The bytes as an upload's chunks of `size` bytes (the last shorter). */
export function cut(buf: Buffer, size: number): FileBytes {
  const chunks: Buffer[] = [];
  for (let at = 0; at < buf.length; at += size) chunks.push(buf.subarray(at, at + size));
  return new FileBytes(chunks);
}

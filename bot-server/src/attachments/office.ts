/**
 * Office and OpenDocument files are containers (zip, or OLE2 for the legacy formats) that share their magic number
 * with archives and installers. They pass only when their entries say what they are, and never with macros.
 */
import type { FileBytes } from './bytes.js';
import type { Sniffed } from './sniff.js';
import { zipEntries, zipEntryData, type ZipEntry } from './zip.js';

const ZIP_MAGICS = ['PK\x03\x04', 'PK\x05\x06', 'PK\x07\x08'];
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const OOXML: Array<{ folder: string; mimeType: string }> = [
  { folder: 'word/', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { folder: 'xl/', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { folder: 'ppt/', mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
];

const ODF = new Set([
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);

const OLE_STREAMS: Array<{ name: string; mimeType: string }> = [
  { name: 'WordDocument', mimeType: 'application/msword' },
  { name: 'Workbook', mimeType: 'application/vnd.ms-excel' },
  { name: 'PowerPoint Document', mimeType: 'application/vnd.ms-powerpoint' },
];

/** Undefined when the bytes are no container at all; otherwise the verdict on the container. */
export function officeType(buf: FileBytes): Sniffed | undefined {
  if (ZIP_MAGICS.some((m) => buf.subarray(0, 4).equals(Buffer.from(m, 'latin1')))) return zipContainer(buf);
  if (buf.subarray(0, 8).equals(OLE2)) return oleContainer(buf);
  return undefined;
}

function zipContainer(buf: FileBytes): Sniffed {
  const entries = zipEntries(buf);
  if (!entries) return { ok: false, reason: 'archive' };
  const names = entries.map((e) => e.name);
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  if (types) {
    const kind = OOXML.find((k) => names.some((n) => n.startsWith(k.folder)));
    if (!kind) return { ok: false, reason: 'archive' };
    const declared = zipEntryData(buf, types, 1024 * 1024)?.toString('utf8');
    if (declared === undefined) return { ok: false, reason: 'archive' };
    const macros =
      names.some((n) => n.toLowerCase().endsWith('vbaproject.bin')) || /macroEnabled|vbaProject/i.test(declared);
    return macros ? { ok: false, reason: 'macro' } : { ok: true, mimeType: kind.mimeType, image: false };
  }
  return openDocument(buf, entries);
}

/** ODF puts an uncompressed `mimetype` entry first; scripts live under Basic/ or Scripts/. */
function openDocument(buf: FileBytes, entries: ZipEntry[]): Sniffed {
  const first = entries[0];
  if (first?.name !== 'mimetype') return { ok: false, reason: 'archive' };
  const mimeType = zipEntryData(buf, first, 200)?.toString('latin1').trim();
  if (!mimeType || !ODF.has(mimeType)) return { ok: false, reason: 'archive' };
  if (entries.some((e) => /^(Basic|Scripts)\/./.test(e.name) && e.size > 0)) return { ok: false, reason: 'macro' };
  return { ok: true, mimeType, image: false };
}

/** Legacy Office: the stream names sit in the directory as UTF-16LE. Anything else in OLE2 (e.g. MSI) is refused. */
function oleContainer(buf: FileBytes): Sniffed {
  const has = (name: string) => buf.includes(Buffer.from(name, 'utf16le'));
  if (has('_VBA_PROJECT') || has('Macros')) return { ok: false, reason: 'macro' };
  const kind = OLE_STREAMS.find((k) => has(k.name));
  return kind ? { ok: true, mimeType: kind.mimeType, image: false } : { ok: false, reason: 'unknown' };
}

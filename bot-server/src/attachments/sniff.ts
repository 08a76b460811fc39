/**
 * The real type of a file from its bytes; the claimed type and the extension are never read. Executables,
 * archives and macro-enabled Office files are refused; so is anything not recognised as an allowed type.
 */
import { FileBytes } from './bytes.js';
import { officeType } from './office.js';

export type RefusalReason = 'executable' | 'archive' | 'macro' | 'unknown';

export type Sniffed = { ok: true; mimeType: string; image: boolean } | { ok: false; reason: RefusalReason };

interface Magic {
  at?: number;
  bytes: string | number[];
}

const startsWith = (buf: Buffer, m: Magic): boolean => {
  const bytes = typeof m.bytes === 'string' ? Buffer.from(m.bytes, 'latin1') : Buffer.from(m.bytes);
  const at = m.at ?? 0;
  return buf.length >= at + bytes.length && buf.subarray(at, at + bytes.length).equals(bytes);
};

const EXECUTABLES: Magic[] = [
  { bytes: [0x7f, 0x45, 0x4c, 0x46] }, // ELF
  { bytes: 'MZ' }, // PE
  { bytes: [0xfe, 0xed, 0xfa, 0xce] }, // Mach-O 32
  { bytes: [0xfe, 0xed, 0xfa, 0xcf] }, // Mach-O 64
  { bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { bytes: [0xca, 0xfe, 0xba, 0xbe] }, // Mach-O universal, Java class
  { bytes: [0x00, 0x61, 0x73, 0x6d] }, // WebAssembly
];

const ARCHIVES: Magic[] = [
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] }, // 7z
  { bytes: 'Rar!\x1a\x07' },
  { bytes: [0x1f, 0x8b] }, // gzip
  { bytes: [0x1f, 0x9d] }, // compress
  { bytes: 'BZh' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] }, // xz
  { bytes: [0x28, 0xb5, 0x2f, 0xfd] }, // zstd
  { bytes: 'LZIP' },
  { bytes: 'MSCF' }, // cab
  { bytes: 'ustar', at: 257 }, // tar
  { bytes: 'CD001', at: 0x8001 }, // iso
  { bytes: 'xar!' },
];

const ALLOWED: Array<Magic & { mimeType: string; image?: true; also?: Magic }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], mimeType: 'image/png', image: true },
  { bytes: [0xff, 0xd8, 0xff], mimeType: 'image/jpeg', image: true },
  { bytes: 'GIF87a', mimeType: 'image/gif', image: true },
  { bytes: 'GIF89a', mimeType: 'image/gif', image: true },
  { bytes: 'RIFF', also: { bytes: 'WEBP', at: 8 }, mimeType: 'image/webp', image: true },
  { bytes: '%PDF-', mimeType: 'application/pdf' },
  { bytes: 'RIFF', also: { bytes: 'WAVE', at: 8 }, mimeType: 'audio/wav' },
  { bytes: 'RIFF', also: { bytes: 'AVI ', at: 8 }, mimeType: 'video/x-msvideo' },
  { bytes: 'ID3', mimeType: 'audio/mpeg' },
  { bytes: [0xff, 0xfb], mimeType: 'audio/mpeg' },
  { bytes: [0xff, 0xf3], mimeType: 'audio/mpeg' },
  { bytes: [0xff, 0xf1], mimeType: 'audio/aac' },
  { bytes: [0xff, 0xf9], mimeType: 'audio/aac' },
  { bytes: 'OggS', mimeType: 'audio/ogg' },
  { bytes: 'fLaC', mimeType: 'audio/flac' },
  { bytes: '#!AMR\n', mimeType: 'audio/amr' },
  { bytes: [0x1a, 0x45, 0xdf, 0xa3], mimeType: 'video/webm' },
];

/** ISO base media (mp4, mov, 3gp, m4a): `ftyp` at 4, then the major brand. */
function isoMedia(buf: Buffer): string | undefined {
  if (!startsWith(buf, { bytes: 'ftyp', at: 4 }) || buf.length < 12) return undefined;
  const brand = buf.toString('latin1', 8, 12);
  if (brand.startsWith('M4A') || brand.startsWith('M4B')) return 'audio/mp4';
  if (brand.startsWith('3g')) return 'video/3gpp';
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand.startsWith('heic') || brand.startsWith('heix') || brand.startsWith('mif1')) return 'image/heic';
  return 'video/mp4';
}

/** Every magic number above lies in the first 32 KiB (ISO's is the furthest, at 0x8001). */
const HEAD_BYTES = 64 * 1024;

export function sniff(data: Buffer | FileBytes): Sniffed {
  const bytes = FileBytes.of(data);
  const buf = bytes.subarray(0, HEAD_BYTES);
  if (buf.length === 0) return { ok: false, reason: 'unknown' };
  for (const m of ALLOWED)
    if (startsWith(buf, m) && (!m.also || startsWith(buf, m.also)))
      return { ok: true, mimeType: m.mimeType, image: m.image === true };
  if (EXECUTABLES.some((m) => startsWith(buf, m)) || startsWith(buf, { bytes: '#!' }))
    return { ok: false, reason: 'executable' };
  if (ARCHIVES.some((m) => startsWith(buf, m))) return { ok: false, reason: 'archive' };
  const media = isoMedia(buf);
  if (media) return { ok: true, mimeType: media, image: false };
  const office = officeType(bytes);
  if (office) return office;
  if (isPlainText(bytes)) return { ok: true, mimeType: 'text/plain; charset=utf-8', image: false };
  return { ok: false, reason: 'unknown' };
}

/** Control characters other than tab, line feed, form feed and carriage return; DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;

/** UTF-8 without NULs or control characters other than tab, line breaks and form feed; read chunk by chunk. */
function isPlainText(bytes: FileBytes): boolean {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const chunk of bytes.chunks) {
      if (CONTROL.test(chunk.toString('latin1'))) return false;
      // A character cut by a chunk's end is completed by the next (stream); one left incomplete at the end throws.
      utf8.decode(chunk, { stream: true });
    }
    utf8.decode();
    return true;
  } catch {
    return false;
  }
}

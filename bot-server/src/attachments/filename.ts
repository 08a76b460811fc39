/**
 * File names as customers and agents see them. A name is display text only (files are stored by id), but it can
 * still mislead: a right-to-left override turns "invoice\u202Efdp.exe" into "invoiceexe.pdf". The same characters
 * the form validators refuse are removed here, with path parts and surrounding dots and spaces.
 */

// C0/C1 controls, DEL, bidi overrides/isolates, zero-width and BOM characters (as bot/validators.ts).
const INVISIBLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
const MAX_CHARS = 255;

export function displayFileName(raw: string | undefined, fallback = 'file'): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ');
  name = name.replace(/^[\s.]+|[\s.]+$/g, '');
  if ([...name].length > MAX_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = [...name].slice(0, MAX_CHARS - ext.length).join('') + ext;
  }
  return name || fallback;
}

/** A Content-Disposition header value with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const utf8 = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

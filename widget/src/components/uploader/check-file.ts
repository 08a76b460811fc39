/**
 * The checks made before a byte is sent, so the customer hears at once what the server would refuse anyway.
 * The server sniffs the real type and has the last word (bot-server/src/attachments): this list mirrors what it
 * allows (images, PDF, text, audio/video, Office/ODF) and refuses archives, executables and macro-enabled Office
 * files early by type or extension.
 */
export type FileVerdict = { ok: true } | { ok: false; reason: 'tooLarge' | 'type' };

const ALLOWED_TYPE =
  /^(image\/(png|jpeg|gif|webp|heic|heif)|application\/pdf|text\/|audio\/|video\/|application\/(msword|vnd\.ms-(excel|powerpoint)|vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)))/;
const REFUSED_TYPE =
  /(zip|compressed|x-tar|x-7z|x-rar|gzip|x-bzip|x-xz|zstd|executable|x-msdownload|x-sh|java-archive|macroenabled)/i;
const ALLOWED_EXT =
  /\.(png|jpe?g|gif|webp|hei[cf]|pdf|txt|log|csv|md|json|mp3|aac|amr|ogg|oga|opus|flac|wav|mp4|m4a|m4v|3gp|mov|webm|avi|docx?|xlsx?|pptx?|odt|ods|odp)$/i;
const REFUSED_EXT =
  /\.(zip|7z|rar|gz|tgz|bz2|xz|zst|lz|z|cab|tar|iso|xar|jar|apk|ipa|exe|dll|msi|com|bat|cmd|sh|ps1|scr|app|dmg|deb|rpm|elf|bin|class|wasm|vbs|docm|dotm|xlsm|xltm|pptm|potm)$/i;

export function checkFile(file: Pick<File, 'name' | 'type' | 'size'>, maxBytes: number): FileVerdict {
  if (file.size > maxBytes) return { ok: false, reason: 'tooLarge' };
  if (REFUSED_EXT.test(file.name) || REFUSED_TYPE.test(file.type)) return { ok: false, reason: 'type' };
  // A browser that does not know the type leaves it empty: then the extension decides.
  if (ALLOWED_TYPE.test(file.type) || (!file.type && ALLOWED_EXT.test(file.name))) return { ok: true };
  return { ok: false, reason: 'type' };
}

/**
 * Sends one file as the raw request body. XMLHttpRequest rather than fetch: its `upload.onprogress` reports bytes
 * sent in every browser, and `abort()` cancels; fetch reports no upload progress, and a streaming request body
 * (`duplex: 'half'`) works in Chromium only over HTTP/2 and not at all in Safari or Firefox.
 */
export type UploadOutcome = { ok: true; message: unknown } | { ok: false; code: string };

export interface UploadHandle {
  readonly done: Promise<UploadOutcome>;
  abort(): void;
}

/** The code when the request never got an answer (offline, blocked by CORS, connection closed). */
export const NETWORK = 'network';
export const ABORTED = 'aborted';

export function sendFile(
  target: { url: string; token: string },
  file: Blob & { name: string },
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => resolve({ ok: false, code: NETWORK });
    xhr.onabort = () => resolve({ ok: false, code: ABORTED });
    xhr.onload = () => resolve(outcome(xhr.status, xhr.responseText));
  });
  xhr.open('POST', `${target.url}?name=${encodeURIComponent(file.name)}`);
  xhr.setRequestHeader('Authorization', `Bearer ${target.token}`);
  // The server sniffs the bytes and ignores this; it only names the body.
  xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}

function outcome(status: number, text: string): UploadOutcome {
  let body: { message?: unknown; error?: { code?: unknown } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): only the status is known.
  }
  if (status === 201 && body.message) return { ok: true, message: body.message };
  const code = body.error?.code;
  return { ok: false, code: typeof code === 'string' ? code : NETWORK };
}

/**
 * The attachment routes of the test peer, acting like bot-server/src/attachments for the widget's side:
 *   GET  /t/<scope>/api/attachments                          -> { enabled, maxBytes } (options.uploadsOff, options.maxBytes)
 *   POST /t/<scope>/api/conversations/<id>/attachments?name= -> 201 { message } (also pushed on the socket), or the
 *        server's coded refusals: 401 bad token, 404 other conversation, 413 over maxBytes (Content-Length first),
 *        415 an archive or unknown bytes, 422 the EICAR test string, 503 when options.scannerDown.
 *   GET  /t/<scope>/files/<n>                                -> the stored bytes; held while options.holdFiles is set.
 * With options.holdUploads the upload's answer waits for the control `releaseUploads`; a client that gives up
 * (Cancel) meanwhile leaves nothing stored (counted in scope.cancelledUploads).
 */
const DEFAULT_MAX = 1024 * 1024;

/** Like the server's sniffer, in miniature: the bytes decide, never the name or the claimed type. */
function sniff(data) {
  const head = data.subarray(0, 8);
  if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return 'image/png';
  if (head.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  if (head.toString('latin1', 0, 2) === 'PK' || head.toString('latin1', 1, 4) === 'ELF') return undefined;
  return data.every((b) => b >= 9 && b < 0x7f) ? 'text/plain' : undefined;
}

const refusal = (res, status, code, message) => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ error: { code, message } }));
};

/**
 * Handles `req` when it is an attachment route (returns true). `append(conv, author, content)` and
 * `broadcast(scope, conv, frame)` are the peer's own.
 */
export function attachmentRoutes(req, res, { scopeOf, append, broadcast }) {
  const url = new URL(req.url ?? '/', 'http://peer');
  const m = /^\/t\/([\w-]+)\/(api\/attachments|api\/conversations\/([\w-]+)\/attachments|files\/(\d+))$/.exec(
    url.pathname,
  );
  if (!m || req.method === 'OPTIONS') return false;
  const scope = scopeOf(m[1]);
  const opt = scope.options;
  scope.files ??= [];
  scope.uploadWaiters ??= [];
  scope.cancelledUploads ??= 0;
  if (m[2] === 'api/attachments' && req.method === 'GET') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ enabled: !opt.uploadsOff, maxBytes: opt.maxBytes ?? DEFAULT_MAX }));
    return true;
  }
  if (m[4] !== undefined && req.method === 'GET') {
    const file = scope.files[Number(m[4])];
    if (!file) return (refusal(res, 404, 'PARLEY_ERR_NOT_FOUND', 'No such file.'), true);
    const serve = () => {
      res.setHeader('content-type', file.type);
      res.end(file.data);
    };
    if (opt.holdFiles) (scope.fileWaiters ??= []).push(serve);
    else serve();
    return true;
  }
  if (m[3] === undefined || req.method !== 'POST') return false;
  void upload(scope, req, res, m[3], url.searchParams.get('name') ?? 'file', { append, broadcast });
  return true;
}

async function upload(scope, req, res, conversationId, name, { append, broadcast }) {
  const opt = scope.options;
  const max = opt.maxBytes ?? DEFAULT_MAX;
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const conv = token && scope.conversations.get(token);
  if (!conv) return refusal(res, 401, 'PARLEY_ERR_BAD_TOKEN', 'A Bearer conversation token is required.');
  if (conv.id !== conversationId) return refusal(res, 404, 'PARLEY_ERR_NOT_FOUND', 'No such conversation.');
  if (Number(req.headers['content-length'] ?? 0) > max) {
    res.setHeader('connection', 'close');
    return refusal(res, 413, 'PARLEY_ERR_FILE_TOO_LARGE', 'This file is too large.');
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const data = Buffer.concat(chunks);
  scope.uploads = (scope.uploads ?? 0) + 1;
  if (opt.holdUploads) {
    const gaveUp = await new Promise((resolve) => {
      scope.uploadWaiters.push(() => resolve(false));
      res.on('close', () => resolve(!res.writableEnded));
    });
    if (gaveUp) {
      scope.cancelledUploads += 1;
      for (const tell of (scope.cancelWaiters ?? []).splice(0)) tell();
      return;
    }
  }
  if (opt.scannerDown)
    return refusal(res, 503, 'PARLEY_ERR_FILE_UNCHECKED', "This file couldn't be checked for safety right now.");
  const type = sniff(data);
  if (!type) return refusal(res, 415, 'PARLEY_ERR_FILE_TYPE', "This file type can't be sent.");
  if (data.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE'))
    return refusal(res, 422, 'PARLEY_ERR_FILE_UNSAFE', "This file didn't pass our security check.");
  const n = scope.files.push({ type, data }) - 1;
  const media = { url: `http://${req.headers.host}/t/${scope.name}/files/${n}`, mimeType: type, size: data.length };
  const content = type.startsWith('image/')
    ? { type: 'image', ...media, alt: name, scan: 'clean', ...(opt.imageSize ?? {}) }
    : { type: 'file', ...media, name, scan: 'clean' };
  const message = append(conv, { role: 'customer' }, content);
  // Like the server: pushed to the conversation's sockets, and returned; the widget must show it once.
  broadcast(scope, conv, { type: 'message', message });
  res.statusCode = 201;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ message }));
}

/** Test controls for uploads; returns undefined for other actions. */
export function attachmentControl(scope, body) {
  switch (body.action) {
    case 'releaseUploads':
      for (const release of (scope.uploadWaiters ?? []).splice(0)) release();
      scope.options.holdUploads = false;
      return { ok: true };
    case 'releaseFiles':
      scope.options.holdFiles = false;
      for (const serve of (scope.fileWaiters ?? []).splice(0)) serve();
      return { ok: true };
    case 'uploads':
      return { uploads: scope.uploads ?? 0, cancelled: scope.cancelledUploads ?? 0 };
    case 'waitCancelled':
      // Answers once the peer has seen a held upload's client go away, or after timeoutMs with what it saw.
      if (scope.cancelledUploads > 0) return { cancelled: scope.cancelledUploads };
      return new Promise((resolve) => {
        const answer = () => resolve({ cancelled: scope.cancelledUploads ?? 0 });
        const timer = setTimeout(answer, body.timeoutMs ?? 10_000);
        (scope.cancelWaiters ??= []).push(() => (clearTimeout(timer), answer()));
      });
    default:
      return undefined;
  }
}

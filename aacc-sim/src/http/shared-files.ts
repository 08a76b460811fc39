/**
 * The file server an AACC deployment keeps beside its agent desktop: the agent attaches a file, the simulator keeps
 * it and the desktop pushes its URL to the customer, since EWC carries only text and URLs. In memory and bounded:
 * the oldest file goes when the store is full.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request } from 'express';
import { SimError } from '../errors.js';

export const SHARED_FILES_PATH = '/sim/files';
export const SHARED_FILE_MAX_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 200;
/** Types served as themselves; anything else is served as bytes to download. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const KNOWN_TYPES = new Set([...INLINE_TYPES, 'application/pdf', 'text/plain']);

interface SharedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** Display name only (files are kept by id): no path, no control or bidi characters, at most 120 characters. */
export function safeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').trim();
  return clean.slice(-120) || 'file';
}

/** Uploads from another page would let any site push files into the simulator: the desktop's own origin only. */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  return origin === undefined || origin === `${req.protocol}://${req.get('host') ?? ''}`;
}

export function mountSharedFiles(app: express.Express): void {
  const files = new Map<string, SharedFile>();

  app.post(SHARED_FILES_PATH, express.raw({ type: () => true, limit: SHARED_FILE_MAX_BYTES }), (req, res) => {
    if (!sameOrigin(req)) throw new SimError('unauthorized', 'Uploads come from the agent desktop only');
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (bytes.length === 0) throw new SimError('bad_request', 'Empty file');
    const name = safeFileName(typeof req.query['name'] === 'string' ? req.query['name'] : 'file');
    const claimed = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const type = KNOWN_TYPES.has(claimed) ? claimed : 'application/octet-stream';
    const id = randomUUID();
    files.set(id, { name, type, bytes });
    if (files.size > MAX_FILES) files.delete(files.keys().next().value as string);
    const url = `${req.protocol}://${req.get('host') ?? ''}${SHARED_FILES_PATH}/${id}/${encodeURIComponent(name)}`;
    res.status(201).json({ url, name, type, size: bytes.length });
  });

  app.get(`${SHARED_FILES_PATH}/:id/:name`, (req, res) => {
    const file = files.get(String(req.params['id']));
    if (!file) throw new SimError('not_found', 'No such file');
    const disposition = INLINE_TYPES.has(file.type) ? 'inline' : 'attachment';
    res.setHeader('Content-Type', file.type);
    res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.end(file.bytes);
  });
}

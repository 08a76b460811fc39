/**
 * Serves the built widget (widget/dist: parley.js and its chunks) with precompressed variants.
 * Files are read once at start (the build output is small) and re-read when they change on disk.
 *
 * Caching: content-hashed chunks (`name-HASH.js`) are immutable for a year; `parley.js`, the
 * stable entry a site embeds, gets a short max-age plus an ETag so a new release spreads quickly.
 * `.br` / `.gz` siblings are served when the client accepts them (Vary: Accept-Encoding).
 * CORS is open (`*`): the chunks are ES modules imported cross-origin from customer sites.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Request, Response, NextFunction } from 'express';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};
const HASHED = /[-.][A-Za-z0-9_]{8,}\.(m?js|css)$/;
const ENTRY_MAX_AGE_S = 300;

interface Cached {
  mtimeMs: number;
  body: Buffer;
  etag: string;
  br?: Buffer;
  gz?: Buffer;
}

export function widgetAssets(dir: string): (req: Request, res: Response, next: NextFunction) => void {
  const root = normalize(dir + sep);
  const cache = new Map<string, Cached>();

  function load(path: string): Cached | undefined {
    let st;
    try {
      st = statSync(path);
    } catch {
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit;
    const body = readFileSync(path);
    const entry: Cached = {
      mtimeMs: st.mtimeMs,
      body,
      etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    const br = readIfExists(`${path}.br`);
    const gz = readIfExists(`${path}.gz`);
    if (br) entry.br = br;
    if (gz) entry.gz = gz;
    cache.set(path, entry);
    return entry;
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const rel = decodeURIComponentSafe(req.path);
    if (rel === undefined || rel.includes('\0')) return next();
    const full = normalize(join(root, rel));
    const type = TYPES[extname(full)];
    if (!full.startsWith(root) || !type || full.endsWith('.br') || full.endsWith('.gz')) return next();
    const file = load(full);
    if (!file) return next();
    res.setHeader('Content-Type', type);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', file.etag);
    res.setHeader(
      'Cache-Control',
      HASHED.test(full) ? 'public, max-age=31536000, immutable' : `public, max-age=${ENTRY_MAX_AGE_S}`,
    );
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // The loader import()s its ES-module chunks; on a customer's site that is a cross-origin module
    // fetch, which browsers only allow with CORS. Public, credential-less files: `*` is safe.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.headers['if-none-match'] === file.etag) {
      res.status(304).end();
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    let body = file.body;
    if (file.br && /\bbr\b/.test(accept)) {
      res.setHeader('Content-Encoding', 'br');
      body = file.br;
    } else if (file.gz && /\bgzip\b/.test(accept)) {
      res.setHeader('Content-Encoding', 'gzip');
      body = file.gz;
    }
    res.setHeader('Content-Length', String(body.length));
    res.status(200).end(req.method === 'HEAD' ? undefined : body);
  };
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function decodeURIComponentSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * The rich responses' own pictures (`media/` beside rich-responses.yaml), served at /media so a host page's CSP
 * needs to allow only Parley's origin for them (the demo's does). Pictures only, by extension, with their type;
 * cached for a year as immutable (a changed picture gets a new file name); an SVG opened on its own runs nothing
 * (sandboxing CSP); other sites may show them (Cross-Origin-Resource-Policy: cross-origin).
 */
import { dirname, join } from 'node:path';
import express from 'express';
import type { Config } from '../config/index.js';

export const MEDIA_PATH_PREFIX = '/media';
const PICTURE = /\.(?:png|svg|jpe?g|webp|gif)$/i;

export function mediaRouter(catalogueFile: string): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    if (!PICTURE.test(req.path)) return next('router');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  });
  router.use(
    express.static(join(dirname(catalogueFile), 'media'), {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      fallthrough: true,
      etag: true,
      immutable: true,
      maxAge: '365d',
    }),
  );
  return router;
}

/**
 * This server's public origin for the catalogue's pictures: PUBLIC_PROTO://PUBLIC_IP[:port] when set, else the
 * address it listens on (known once it listens).
 */
export function mediaBaseOf(server: Config['server'], localBase: () => string): () => string {
  return () => {
    if (!server.PUBLIC_IP) return localBase().replace(/\/$/, '');
    const port = server.PUBLIC_PROTO === 'https' ? server.PUBLIC_HTTPS_PORT : server.PUBLIC_HTTP_PORT;
    return `${server.PUBLIC_PROTO}://${server.PUBLIC_IP}${port ? `:${port}` : ''}`;
  };
}

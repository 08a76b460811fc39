/**
 * Pictures and files a simulated customer sends, as the aggregator hosts them: the bytes are kept here and the
 * webhook carries their `mediaUrl`, which the connector downloads (as it would from Sunshine's media store).
 * `POST /sim/media?customerId=&kind=image|file&name=` with the raw bytes and their `Content-Type`; `GET
 * /media/:id/:name` serves them. In memory, bounded: the oldest go first.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request } from 'express';
import type { AggregatorControl } from '../control/control.js';
import { ControlError } from '../control/control-error.js';

export const MEDIA_MAX_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 100;

interface Media {
  type: string;
  bytes: Buffer;
}

function query(req: Request, key: string): string {
  const v = req.query[key];
  return typeof v === 'string' ? v : '';
}

export function mountCustomerMedia(app: express.Express, control: AggregatorControl): void {
  const media = new Map<string, Media>();

  app.post('/sim/media', express.raw({ type: () => true, limit: MEDIA_MAX_BYTES }), (req, res) => {
    const kind = query(req, 'kind');
    if (kind !== 'image' && kind !== 'file') throw new ControlError('bad_request', 'kind must be image or file');
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (bytes.length === 0) throw new ControlError('bad_request', 'empty body');
    const name = (query(req, 'name').split(/[/\\]/).pop() ?? '').slice(0, 200) || kind;
    const type = (req.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim().slice(0, 128) ?? '';
    const id = randomUUID();
    media.set(id, { type, bytes });
    if (media.size > MAX_FILES) media.delete(media.keys().next().value as string);
    const mediaUrl = `${req.protocol}://${req.get('host') ?? ''}/media/${id}/${encodeURIComponent(name)}`;
    const content = { type: kind, mediaUrl, mediaType: type, altText: name } as const;
    res.json({ ok: true, result: control.sendMedia(query(req, 'customerId'), content) });
  });

  app.get('/media/:id/:name', (req, res) => {
    const found = media.get(String(req.params['id']));
    if (!found) throw new ControlError('not_found', 'no such media');
    res.setHeader('Content-Type', found.type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(found.bytes);
  });
}

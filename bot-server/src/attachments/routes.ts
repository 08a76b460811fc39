/**
 * The HTTP side of attachments. Uploads: `POST /api/conversations/:id/attachments?name=<file name>`, the raw bytes
 * as the body, authorised by the conversation's token as the transcript is. Downloads: `GET /api/attachments/:id`
 * through a signed, expiring link only, served as the sniffed type under a sandboxing policy. `GET
 * /api/attachments` tells the widget whether uploads are on and the size cap.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import type { Clock, ConversationRecord, Store } from '../domain/ports.js';
import { hashVisitorToken } from '../domain/visitor-token.js';
import { ParleyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { postAttachment, type PostCustomerContent } from './conversation.js';
import { contentDisposition } from './filename.js';
import type { LinkSigner } from './links.js';
import type { AttachmentStore } from './model.js';
import { readCapped, type AttachmentPipeline } from './pipeline.js';
import type { AttachmentStorage } from './storage.js';

export interface AttachmentRouteDeps {
  pipeline: AttachmentPipeline;
  signer: LinkSigner;
  store: Store & AttachmentStore;
  storage: AttachmentStorage;
  /** The conversation service's way in for customer content (ConversationService.postCustomerContent). */
  post: PostCustomerContent;
  clock: Clock;
  logger: Logger;
  /** Origin for links, e.g. https://chat.example.com; default: the origin the upload came to. */
  publicBase?: string;
}

const BEARER = /^Bearer ([A-Za-z0-9_.-]{16,256})$/;
const HOST = /^[A-Za-z0-9.:[\]-]{1,255}$/;

export function attachmentRouter(d: AttachmentRouteDeps): express.Router {
  const router = express.Router();

  router.get('/attachments', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ enabled: d.pipeline.enabled, maxBytes: d.pipeline.maxBytes });
  });

  router.post('/conversations/:id/attachments', async (req: Request<{ id: string }>, res) => {
    try {
      await upload(d, req, res);
    } catch (err) {
      // A refusal before the whole body was read ends the connection, so the unread bytes are never drained.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw err;
    }
  });

  router.get('/attachments/:id', async (req: Request<{ id: string }>, res) => {
    const { id } = req.params;
    if (!d.signer.verify(id, req.query['exp'], req.query['sig'], d.clock.now()))
      throw new ParleyError('PARLEY_ERR_SIGNATURE', 'This link is not valid or has expired.');
    const record = await d.store.getAttachment(id);
    const body = record && (await d.storage.open(record));
    if (!record || !body) throw new ParleyError('PARLEY_ERR_NOT_FOUND');
    const image = record.mimeType.startsWith('image/');
    res.setHeader('Content-Type', record.mimeType);
    res.setHeader('Content-Length', String(record.size));
    res.setHeader('Content-Disposition', contentDisposition(image ? 'inline' : 'attachment', record.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=300');
    // Piece by piece, as the client takes them; a piece that cannot be read cuts the response short (the length
    // promised was not delivered, so the client sees a failed download, never a shorter file).
    await pipeline(Readable.from(body), res).catch((err: unknown) => {
      d.logger.warn(
        { id, err: { message: err instanceof Error ? err.message : String(err) } },
        'attachment read failed',
      );
    });
  });

  return router;
}

async function upload(d: AttachmentRouteDeps, req: Request<{ id: string }>, res: Response): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > d.pipeline.maxBytes) throw new ParleyError('PARLEY_ERR_FILE_TOO_LARGE');
  const conversation = await authorise(d.store, req);
  if (conversation.endedAt !== null) throw new ParleyError('PARLEY_ERR_CONVERSATION_ENDED');
  const accepted = await d.pipeline.admit(async () =>
    d.pipeline.accept({
      ...(await readCapped(req, d.pipeline.maxBytes, d.pipeline.paced)),
      conversationId: conversation.id,
      name: typeof req.query['name'] === 'string' ? req.query['name'] : undefined,
      claimedType: req.headers['content-type'],
      source: conversation.channel,
    }),
  );
  const now = d.clock.now();
  const url = `${d.publicBase ?? originOf(req)}${d.signer.sign(accepted.record.id, now)}`;
  const message = await postAttachment(d.post, conversation, accepted, url, req.ip);
  res.setHeader('Cache-Control', 'no-store');
  res.status(201).json({ message });
}

/** The conversation the Bearer token may upload to; same answers as the transcript endpoint. */
/** The conversation a request names, when its Bearer token is that conversation's visitor's (else a coded error). */
export async function authorise(store: Store, req: Request<{ id: string }>): Promise<ConversationRecord> {
  const m = BEARER.exec(req.headers.authorization ?? '');
  if (!m?.[1]) throw new ParleyError('PARLEY_ERR_BAD_TOKEN', 'A Bearer conversation token is required.');
  const visitor = await store.getVisitorByTokenHash(hashVisitorToken(m[1]));
  if (!visitor) throw new ParleyError('PARLEY_ERR_BAD_TOKEN');
  const conversation = await store.getConversation(req.params.id);
  if (!conversation || conversation.visitorId !== visitor.id)
    throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'No such conversation.');
  return conversation;
}

function originOf(req: Request): string {
  const host = req.headers.host ?? '';
  if (!HOST.test(host)) throw new ParleyError('PARLEY_ERR_BAD_FRAME', 'Bad Host header.');
  return `${req.protocol}://${host}`;
}

/**
 * Attachments, composed from configuration: the pipeline (clamd from CLAMD_URL; none means uploads are refused),
 * the storage, the link signer and the routes, mounted under /api. server.ts adds what this returns to its routes.
 */
import { randomBytes } from 'node:crypto';
import type express from 'express';
import type { Config } from '../config/index.js';
import type { Clock, Store } from '../domain/ports.js';
import type { Logger } from '../logger.js';
import { createClamdClient } from './clamd.js';
import type { PostCustomerContent } from './conversation.js';
import { LinkSigner } from './links.js';
import { isAttachmentStore } from './model.js';
import { AttachmentPipeline } from './pipeline.js';
import { attachmentRouter } from './routes.js';
import { createAttachmentStorage } from './storage.js';

export interface AttachmentRouteInputs {
  store: Store;
  /** ConversationService.postCustomerContent: a clean file becomes the customer's message through the domain. */
  post: PostCustomerContent;
  clock: Clock;
  logger: Logger;
}

/** The routes to mount; none when the store has no attachment area (a test double). */
export function attachmentRoutes(
  config: Config,
  deps: AttachmentRouteInputs,
): Array<{ path: string; router: express.Router }> {
  const { store } = deps;
  if (!isAttachmentStore(store)) return [];
  const a = config.attachments;
  const logger = deps.logger.child({ component: 'attachments' });
  const storage = createAttachmentStorage(a.ATTACHMENT_STORE, store);
  const scanner = a.CLAMD_URL ? createClamdClient({ url: a.CLAMD_URL, timeoutMs: a.CLAMD_TIMEOUT_MS }) : undefined;
  if (!scanner) logger.info('CLAMD_URL is unset: uploads are off (every file would be refused)');
  const secret = a.ATTACHMENT_LINK_SECRET ?? randomBytes(32).toString('base64url');
  if (!a.ATTACHMENT_LINK_SECRET)
    logger.info('ATTACHMENT_LINK_SECRET is unset: using a per-process secret (links end with a restart)');
  const pipeline = new AttachmentPipeline({
    scanner,
    storage,
    maxBytes: a.ATTACHMENT_MAX_BYTES,
    clock: deps.clock,
    logger,
  });
  const router = attachmentRouter({
    pipeline,
    signer: new LinkSigner(secret, a.ATTACHMENT_LINK_TTL_MS),
    store,
    storage,
    post: deps.post,
    clock: deps.clock,
    ...(a.ATTACHMENT_PUBLIC_BASE ? { publicBase: a.ATTACHMENT_PUBLIC_BASE } : {}),
  });
  return [{ path: '/api', router }];
}

/**
 * Attachments, composed from configuration: the pipeline (clamd from CLAMD_URL; none means uploads are refused),
 * the storage, the link signer, the routes mounted under /api, and the intake of the messaging channels' files.
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
import { MediaIntake } from './media-intake.js';
import { AttachmentPipeline } from './pipeline.js';
import { attachmentRouter } from './routes.js';
import { createAttachmentStorage } from './storage.js';

export interface AttachmentInputs {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** This server's URL once it listens: the links' origin when ATTACHMENT_PUBLIC_BASE is unset (channel files). */
  localBase(): string;
}

export interface Attachments {
  /** The routes to mount under /api; `post` is ConversationService.postCustomerContent. */
  routes(post: PostCustomerContent): Array<{ path: string; router: express.Router }>;
  /** Files from the messaging channels, through the same pipeline. */
  intake: MediaIntake;
  /** Stops the periodic sweep of half-written files. */
  close(): void;
}

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** The attachments side; undefined when the store has no attachment area (a test double). */
export function createAttachments(config: Config, deps: AttachmentInputs): Attachments | undefined {
  const { store } = deps;
  if (!isAttachmentStore(store)) return undefined;
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
    maxScans: a.CLAMD_MAX_SCANS,
    intakeBytesPerSecond: a.ATTACHMENT_INTAKE_BYTES_PER_SECOND,
    maxConcurrent: a.ATTACHMENT_MAX_CONCURRENT,
    clock: deps.clock,
    logger,
  });
  const signer = new LinkSigner(secret, a.ATTACHMENT_LINK_TTL_MS);
  const intake = new MediaIntake({
    pipeline,
    signer,
    publicBase: () => a.ATTACHMENT_PUBLIC_BASE ?? deps.localBase(),
    now: () => deps.clock.now(),
  });
  const routes = (post: PostCustomerContent) => {
    const router = attachmentRouter({
      pipeline,
      signer,
      store,
      storage,
      post,
      clock: deps.clock,
      logger,
      ...(a.ATTACHMENT_PUBLIC_BASE ? { publicBase: a.ATTACHMENT_PUBLIC_BASE } : {}),
    });
    return [{ path: '/api', router }];
  };
  // Pieces a crash left without their record: swept at start, then now and then (another instance may crash).
  const sweep = () =>
    void storage.sweep(deps.clock.now()).then(
      (n) => n > 0 && logger.info({ files: n }, 'attachment pieces without a record removed'),
      (err: unknown) =>
        logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'sweep failed'),
    );
  sweep();
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
  sweeper.unref();
  return { routes, intake, close: () => clearInterval(sweeper) };
}

export { MediaIntake, type MediaIntakeResult } from './media-intake.js';

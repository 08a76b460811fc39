/** The transcript routes: downloads always, e-mail when SMTP_URL is set. */
import type express from 'express';
import type { Config } from '../config/index.js';
import type { Store } from '../domain/ports.js';
import type { Logger } from '../logger.js';
import { smtpMailer, type TranscriptMailer } from './mailer.js';
import { transcriptRouter } from './routes.js';

export function transcriptRoutes(
  config: Config,
  deps: { store: Store; logger: Logger; mailer?: TranscriptMailer },
): Array<{ path: string; router: express.Router }> {
  const a = config.aftercare;
  const mailer = deps.mailer ?? (a.SMTP_URL ? smtpMailer(a.SMTP_URL, a.TRANSCRIPT_FROM) : undefined);
  const router = transcriptRouter({
    store: deps.store,
    mailer,
    emailsMax: a.TRANSCRIPT_EMAILS_MAX,
    defaultLocale: config.server.DEFAULT_LOCALE,
    logger: deps.logger.child({ component: 'transcripts' }),
  });
  return [{ path: '/api', router }];
}

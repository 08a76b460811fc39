/**
 * The customer's transcript over HTTP, authorised by the conversation's Bearer token as the attachments API is:
 * `GET /api/conversations/:id/transcript/download?format=text|html[&locale=..&tz=..]` answers a file to save, and
 * `POST /api/conversations/:id/transcript/email {to, locale?, tz?}` sends it through SMTP_URL (at most
 * TRANSCRIPT_EMAILS_MAX times per conversation). AACC's own e-mailed transcript (EWC_REQUEST_TRANSCRIPT) is
 * separate and unchanged.
 */
import express, { type Request } from 'express';
import { authorise } from '../attachments/routes.js';
import { isPlausibleEmail } from '../contact-center/ewc/request-mapping.js';
import { dataOf } from '../domain/conversation-data.js';
import type { ConversationRecord, Store } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { jsonBody } from '../survey/json-body.js';
import { customerCopy, zoneOrUndefined, type CustomerCopy } from './customer-copy.js';
import type { TranscriptMailer } from './mailer.js';

export interface TranscriptRouteDeps {
  store: Store;
  mailer: TranscriptMailer | undefined;
  emailsMax: number;
  defaultLocale: string;
  logger: Logger;
}

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

export function transcriptRouter(d: TranscriptRouteDeps): express.Router {
  const router = express.Router();
  /** E-mails sent per conversation by this instance (a bound on abuse, not an exact count across instances). */
  const sent = new Map<string, number>();

  const copyOf = async (conversation: ConversationRecord, locale: unknown, tz: unknown): Promise<CustomerCopy> =>
    customerCopy(await d.store.listMessages(conversation.id), {
      locale:
        typeof locale === 'string' && LOCALE.test(locale) ? locale : (dataOf(conversation).locale ?? d.defaultLocale),
      timeZone: zoneOrUndefined(tz),
      startedAt: conversation.createdAt,
    });

  router.get('/conversations/:id/transcript/download', async (req: Request<{ id: string }>, res) => {
    const format = req.query['format'] === 'html' ? 'html' : req.query['format'] === 'text' ? 'text' : undefined;
    if (!format) throw new ParleyError('PARLEY_ERR_VALIDATION', 'format must be text or html.');
    const conversation = await authorise(d.store, req);
    const copy = await copyOf(conversation, req.query['locale'], req.query['tz']);
    const day = new Date(conversation.createdAt).toISOString().slice(0, 10);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="transcript-${day}.${format === 'html' ? 'html' : 'txt'}"`,
    );
    res.type(format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8');
    res.send(format === 'html' ? copy.html : copy.text);
  });

  router.post('/conversations/:id/transcript/email', ...jsonBody(), async (req: Request<{ id: string }>, res) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const to = typeof body['to'] === 'string' ? body['to'].trim() : '';
    if (!isPlausibleEmail(to)) throw new ParleyError('PARLEY_ERR_VALIDATION', 'to must be an e-mail address.');
    const conversation = await authorise(d.store, req);
    if (!d.mailer) throw new ParleyError('PARLEY_ERR_NOT_FOUND', 'Transcripts are not e-mailed here.');
    const count = sent.get(conversation.id) ?? 0;
    if (count >= d.emailsMax) throw new ParleyError('PARLEY_ERR_RATE_LIMITED', 'This transcript was e-mailed already.');
    sent.set(conversation.id, count + 1);
    try {
      await d.mailer.send(to, await copyOf(conversation, body['locale'], body['tz']));
    } catch (err) {
      sent.set(conversation.id, count);
      // The address is personal data: only the conversation and the SMTP error's code are logged.
      d.logger.warn(
        { conversationId: conversation.id, code: (err as { code?: unknown }).code },
        'transcript e-mail failed',
      );
      throw new ParleyError('PARLEY_ERR_INTERNAL', 'The transcript could not be e-mailed; please try again later.');
    }
    res.status(202).json({ ok: true });
  });

  return router;
}

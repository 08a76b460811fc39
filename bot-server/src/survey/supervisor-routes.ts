/**
 * The supervisors' HTML view of the post-chat surveys, under /operator: `GET /operator/surveys?from=&to=` (dates,
 * UTC, both included; the last 30 days by default), signed in through `POST /operator/login` (a form with the
 * operator token; see supervisor-session.ts) and out through `POST /operator/logout`. Failures are pages with the
 * catalogue's code, never JSON. With no OPERATOR_TOKEN every path answers 404.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock, Store } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { asParleyError } from '../transport/http.js';
import type { SurveyStore } from './model.js';
import type { FailedAttempts } from './failed-attempts.js';
import { SUPERVISOR_CSS, errorPage, loginPage, surveysPage } from './supervisor-page.js';
import { SupervisorSessions } from './supervisor-session.js';

export interface SupervisorRouteDeps {
  store: Store & SurveyStore;
  clock: Clock;
  operatorTokens: readonly string[];
  logger: Logger;
  /** Wrong tokens per address, shared with the JSON API so neither is a way round the other's budget. */
  attempts: FailedAttempts;
  /** How many of the newest comments the page lists. */
  comments?: number;
}

const DAY_MS = 24 * 3600_000;
const DEFAULT_DAYS = 30;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** No script, no frames, nothing from elsewhere: the page is tables and two forms posting to itself. */
const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Midnight UTC of a YYYY-MM-DD date, or undefined when it is not a real date. */
function utcMidnight(value: string): number | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(at).toISOString().slice(0, 10) === value ? at : undefined;
}

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

function range(query: Request['query'], now: number): { from: string; to: string; since: number; until: number } {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const to = text(query['to']) ?? isoDay(now);
  const until = utcMidnight(to);
  const from = text(query['from']) ?? isoDay((until ?? now) - (DEFAULT_DAYS - 1) * DAY_MS);
  const since = utcMidnight(from);
  if (since === undefined || until === undefined)
    throw new ParleyError('PARLEY_ERR_VALIDATION', 'from and to must be dates written YYYY-MM-DD.');
  if (since > until) throw new ParleyError('PARLEY_ERR_VALIDATION', 'from must not be after to.');
  return { from, to, since, until: until + DAY_MS };
}

/** Forms post only from this server's own pages (SameSite=Strict covers the cookie, this covers the login). */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function supervisorRouter(d: SupervisorRouteDeps): express.Router {
  const router = express.Router();
  const sessions = new SupervisorSessions(d.operatorTokens, d.clock);
  // Behind a TLS-terminating proxy too (the header is not trusted for anything else: it can only add Secure).
  const secure = (req: Request) =>
    req.protocol === 'https' || /^https\b/.test(String(req.headers['x-forwarded-proto'] ?? ''));
  const html = (res: Response, status: number, body: string) => res.status(status).type('html').send(body);

  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    // Not no-referrer: under it browsers send `Origin: null` with the forms' POSTs, which the origin check refuses.
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    next(d.operatorTokens.length === 0 ? new ParleyError('PARLEY_ERR_NOT_FOUND') : undefined);
  });

  router.get('/supervisor.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('css').send(SUPERVISOR_CSS);
  });

  router.get('/surveys', async (req, res) => {
    if (!sessions.valid(req.headers.cookie)) {
      // Not signed in (or the session ended): the sign-in form, with the refusal's code once a cookie was refused.
      const refused = req.headers.cookie?.includes('parley_supervisor=')
        ? new ParleyError('PARLEY_ERR_BAD_TOKEN', 'Your session has ended: sign in again.')
        : undefined;
      return html(res, 401, loginPage(refused));
    }
    const r = range(req.query, d.clock.now());
    const [summary, comments] = await Promise.all([
      d.store.surveySummary(r.since, r.until),
      d.store.recentSurveyComments(r.since, r.until, d.comments ?? 50),
    ]);
    html(res, 200, surveysPage({ from: r.from, to: r.to, summary, comments }));
  });

  const formBody = [
    (req: Request, _res: Response, next: NextFunction) => {
      if (!sameOrigin(req))
        return next(new ParleyError('PARLEY_ERR_ORIGIN_FORBIDDEN', 'This form posts only from its own page.'));
      next();
    },
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 4 }),
  ];

  router.post('/login', ...formBody, (req, res) => {
    const address = req.ip ?? '';
    d.attempts.check(address);
    const token: unknown = (req.body as Record<string, unknown> | undefined)?.['token'];
    const value = typeof token === 'string' ? sessions.issue(token) : undefined;
    if (!value) {
      d.attempts.failed(address);
      throw new ParleyError('PARLEY_ERR_BAD_TOKEN', 'That is not an operator token.');
    }
    res.setHeader('Set-Cookie', sessions.setCookie(value, secure(req)));
    res.redirect(303, '/operator/surveys');
  });

  router.post('/logout', ...formBody, (req, res) => {
    res.setHeader('Set-Cookie', sessions.setCookie('', secure(req)));
    res.redirect(303, '/operator/surveys');
  });

  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = asParleyError(err, d.logger);
    if (res.headersSent) return void res.end();
    html(res, e.status, e.code === 'PARLEY_ERR_BAD_TOKEN' ? loginPage(e) : errorPage(e));
  });

  return router;
}

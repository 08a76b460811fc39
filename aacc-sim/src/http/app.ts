import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CallbackService } from '../callbacks/callback-service.js';
import { isCommand, runCommand } from '../control/commands.js';
import type { SimControl } from '../control/sim-control.js';
import { SimError } from '../errors.js';
import type { ContactCenter } from '../model/contact-center.js';
import type { SimLogger } from '../options.js';
import { mountSharedFiles } from './shared-files.js';

/** Where build.mjs puts the agent desktop. */
export const DESKTOP_DIR = fileURLToPath(new URL('../../dist/desktop/', import.meta.url));

/** Strict CSP for the desktop: no inline script, sockets to self only; pictures from anywhere, to preview the
 * customer's images from Parley's signed links (another origin). */
const DESKTOP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: http: https:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface AppDeps {
  model: ContactCenter;
  callbacks: CallbackService;
  control: SimControl;
  logger: SimLogger;
}

/** Express app for the REST endpoints, the HTTP control API and the desktop's static files. */
export function createApp({ model, callbacks, control, logger }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Before the JSON parser, which would take any body: files are raw bytes.
  mountSharedFiles(app);
  app.use(express.json({ limit: '64kb', type: () => true }));

  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  app.post('/CustomerControllerWeb/currentqueue', (req, res) => {
    const skillset = field(req.body, 'skillset');
    res.json({ body: { metrics: model.metrics(skillset) } });
  });

  app.post('/CustomerControllerWeb/callback', (req, res) => {
    const body: unknown = req.body;
    const method = field(body, 'method');
    if (method === 'getSkillsets') res.json(callbacks.skillsets());
    else if (method === 'requestCallback') res.json(callbacks.request(body));
    else if (method === 'cancelCallback') res.json(callbacks.cancel(field(body, 'callbackId')));
    else throw new SimError('bad_request', 'method must be getSkillsets, requestCallback or cancelCallback');
  });

  app.get('/CustomerControllerWeb/callback/:id', (req, res) => {
    res.json(callbacks.get(String(req.params['id'])));
  });

  const controlRoute = async (req: Request, res: Response) => {
    const name = String(req.params['name']);
    if (!isCommand(name)) throw new SimError('not_found', `Unknown control command ${name}`);
    const args: unknown = req.method === 'GET' ? { ...req.query } : req.body;
    res.json({ ok: true, result: await runCommand(control, name, args) });
  };
  app.get('/sim/control/:name', controlRoute);
  app.post('/sim/control/:name', controlRoute);

  app.use('/agent', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', DESKTOP_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  if (existsSync(DESKTOP_DIR)) {
    app.use('/agent', express.static(DESKTOP_DIR, { index: 'index.html', fallthrough: true }));
  } else {
    app.get('/agent', (_req, res) => {
      res.status(503).type('text/plain').send('Agent desktop not built: run `npm run build -w aacc-sim`.');
    });
  }

  app.use((_req: Request, _res: Response) => {
    throw new SimError('not_found', 'Not found');
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof SimError) {
      res.status(err.status).json({ status: 'rejected', error: { code: err.code, message: err.message } });
      return;
    }
    const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
    if (status >= 400 && status < 500) {
      res
        .status(status)
        .json({ status: 'rejected', error: { code: 'bad_request', message: 'Malformed request body' } });
      return;
    }
    logger.error({ err }, 'simulator http error');
    res.status(500).json({ status: 'rejected', error: { code: 'internal', message: 'Internal error' } });
  });
  return app;
}

/** A string field of a JSON body, or '' (bodies are parsed leniently: any content type, any shape). */
function field(body: unknown, key: string): string {
  const value: unknown = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

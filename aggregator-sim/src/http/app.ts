import { mountCustomerMedia } from './customer-media.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Aggregator } from '../aggregator.js';
import { guarded, type GuardDeps } from '../api/guard.js';
import { v1Routes } from '../api/v1-routes.js';
import { v2Routes } from '../api/v2-routes.js';
import { isCommand, runCommand } from '../control/commands.js';
import { ControlError } from '../control/control-error.js';
import type { AggregatorControl } from '../control/control.js';
import { CHANNELS, pageName } from '../model/channels.js';

/** Where build.mjs puts the phone pages (the same folder seen from src/http/ and from dist/http/). */
export const PHONE_DIR = fileURLToPath(new URL('../../dist/phone/', import.meta.url));

/** Strict CSP for the phone pages: no inline script or style, sockets to self only. */
const PHONE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface AppDeps extends GuardDeps {
  aggregator: Aggregator;
  control: AggregatorControl;
}

/** Express app: the v1.1 and v2 REST subsets, the control API and the phone pages. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  app.use('/v1.1', guarded('v1.1', deps, v1Routes(deps.aggregator, deps.faults)));
  app.use('/v2', guarded('v2', deps, v2Routes(deps.aggregator, deps.faults)));

  const controlRoute = (req: Request, res: Response) => {
    const name = String(req.params['name']);
    if (!isCommand(name)) throw new ControlError('not_found', `Unknown control command ${name}`);
    const args: unknown = req.method === 'GET' ? { ...req.query } : req.body;
    res.json({ ok: true, result: runCommand(deps.control, name, args) });
  };
  mountCustomerMedia(app, deps.control);
  app.use('/sim/control', express.json({ limit: '64kb' }));
  app.get('/sim/control/:name', controlRoute);
  app.post('/sim/control/:name', controlRoute);

  app.use('/phone', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', PHONE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  const built = existsSync(PHONE_DIR);
  for (const channel of CHANNELS) {
    app.get(`/phone/${pageName(channel)}`, (_req, res) => {
      if (built) res.sendFile('index.html', { root: PHONE_DIR });
      else res.status(503).type('text/plain').send('Phone pages not built: run `npm run build -w aggregator-sim`.');
    });
  }
  if (built) app.use('/phone', express.static(PHONE_DIR, { index: false }));

  app.use((_req: Request, _res: Response) => {
    throw new ControlError('not_found', 'Not found');
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ControlError) {
      res.status(err.status).json({ ok: false, error: { code: err.code, message: err.message } });
      return;
    }
    const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
    if (status >= 400 && status < 500) {
      res.status(400).json({ ok: false, error: { code: 'bad_request', message: 'Malformed request body' } });
      return;
    }
    deps.logger.error({ err }, 'aggregator simulator http error');
    res.status(500).json({ ok: false, error: { code: 'internal', message: 'Internal error' } });
  });
  return app;
}

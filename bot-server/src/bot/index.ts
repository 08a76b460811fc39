/**
 * The bot: YAML flows + NLP.js intents, implementing the BotEngine port.
 *
 *   const bot = await createBotEngine(config.bot, logger, {
 *     defaultCountry: config.server.DEFAULT_COUNTRY,
 *     zone: config.server.TIMEZONE,
 *   });
 *   const turn = await bot.handle({ state, locale: 'fr-FR', details }, { type: 'text', text: 'bonjour' });
 *
 * The flow is validated and trained at start-up (start-up fails with PARLEY_ERR_FLOW listing every
 * problem as file:line:column). With FLOWS_RELOAD the directory is watched: a changed flow is loaded
 * and trained in the background and swapped in atomically only if it is valid.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Message } from '@parley/protocol';
import type { BotConfig } from '../config/index.js';
import type { BotContext, BotEngine, BotInput, BotTurn } from '../domain/ports.js';
import { isParleyError, ParleyError } from '../errors.js';
import { UTC, type Zone } from '../time/zone.js';
import { loadFlow } from './flow-loader.js';
import type { CompiledFlow } from './flow-model.js';
import { runTurn, type LoadedFlow, type RuntimeOptions } from './flow-runtime.js';
import { watchFlowDir } from './flow-watcher.js';
import { trainNlu, type LocaleTraining } from './nlu.js';
import { summarize } from './summarize.js';
import type { FlowProblem } from './yaml-source.js';
import type { OpeningHours } from '../time/opening-hours.js';

export { loadFlow, formatProblems } from './flow-loader.js';
export type { FlowProblem } from './yaml-source.js';

/** The bundled flows (bot-server/flows). */
export const BUNDLED_FLOWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../flows');

/** Structural subset of a pino logger. */
export interface BotLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface BotEngineOptions {
  /** Flow to run: FLOWS_DIR/<flow> (default "default"), or FLOWS_DIR itself when it holds flow.yaml. */
  flow?: string;
  /** ISO country for phone numbers without a +prefix (default GB; details.defaultCountry overrides per customer). */
  defaultCountry?: string;
  /** Where datetimes typed without an offset are local to: config.server.TIMEZONE (default UTC). */
  zone?: Zone;
  /** How far ahead a callback may be booked (default 14 days). */
  maxCallbackAheadMs?: number;
  /** Clock for datetime validation (default Date.now). */
  now?: () => number;
  /** When chat agents are there (flows' `hours` nodes); default always. */
  chatHours?: OpeningHours;
  /** When callbacks may be booked; default any time. */
  callbackHours?: OpeningHours;
  /** This server's public origin, for the rich responses' own pictures (see RuntimeOptions). */
  mediaBase?: () => string;
  /** Quiet period after the last file change before reloading (default 250 ms). */
  reloadDebounceMs?: number;
}

export type ReloadEvent = { ok: true; version: string; ms: number } | { ok: false; error: ParleyError };

export interface ReloadableBotEngine extends BotEngine {
  /** Loads, validates and trains the flow again; swaps it in only if valid (rejects otherwise, keeping the old one). */
  reload(): Promise<void>;
  /** Called after every reload attempt, including those triggered by the file watcher. Returns an unsubscribe function. */
  onReload(listener: (event: ReloadEvent) => void): () => void;
  /** Version (content hash) of the flow being served. */
  readonly version: string;
  close(): Promise<void>;
}

export async function createBotEngine(
  config: Pick<BotConfig, 'FLOWS_DIR' | 'FLOWS_RELOAD' | 'COMPANY_NAME'>,
  logger: BotLogger,
  opts: BotEngineOptions = {},
): Promise<ReloadableBotEngine> {
  const root = config.FLOWS_DIR ? path.resolve(config.FLOWS_DIR) : BUNDLED_FLOWS_DIR;
  const flowName = opts.flow ?? 'default';
  const runtime: RuntimeOptions = {
    companyName: config.COMPANY_NAME ?? 'Northwind Energy',
    defaultCountry: opts.defaultCountry ?? 'GB',
    zone: opts.zone ?? UTC,
    maxCallbackAheadMs: opts.maxCallbackAheadMs ?? 14 * 24 * 3600_000,
    now: opts.now ?? Date.now,
    ...(opts.chatHours ? { chatHours: opts.chatHours } : {}),
    ...(opts.callbackHours ? { callbackHours: opts.callbackHours } : {}),
    ...(opts.mediaBase ? { mediaBase: opts.mediaBase } : {}),
  };
  const listeners = new Set<(e: ReloadEvent) => void>();

  const build = async (): Promise<LoadedFlow> => {
    const flow = await loadFlow(root, flowName);
    const nlu = flow.settings.nlu;
    return {
      flow,
      nlu: await trainNlu(trainingOf(flow), {
        threshold: nlu?.threshold ?? 0.6,
        ...(nlu?.thresholds ? { thresholds: nlu.thresholds } : {}),
      }),
    };
  };

  const t0 = performance.now();
  let current = await build();
  logger.info(
    { flow: current.flow.id, version: current.flow.version, ms: Math.round(performance.now() - t0) },
    'bot flow loaded',
  );

  let reloading: Promise<void> | undefined;
  let pending = false;
  const reloadOnce = async (): Promise<void> => {
    const started = performance.now();
    try {
      const next = await build();
      current = next;
      const ms = Math.round(performance.now() - started);
      logger.info({ flow: next.flow.id, version: next.flow.version, ms }, 'bot flow reloaded');
      emit({ ok: true, version: next.flow.version, ms });
    } catch (err) {
      const error = isParleyError(err)
        ? err
        : new ParleyError('PARLEY_ERR_FLOW', `Flow reload failed: ${(err as Error).message}`);
      const problems = Array.isArray(error.detail)
        ? (error.detail as FlowProblem[]).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)
        : [error.message];
      logger.error(
        { flow: current.flow.id, keptVersion: current.flow.version, problems },
        'bot flow reload rejected; still serving the previous version',
      );
      emit({ ok: false, error });
      throw error;
    }
  };
  const reload = (): Promise<void> => {
    if (reloading) {
      // Coalesce: one more reload after the running one picks up every change made meanwhile.
      pending = true;
      return reloading;
    }
    reloading = reloadOnce().finally(() => {
      reloading = undefined;
      if (pending) {
        pending = false;
        void reload().catch(() => {});
      }
    });
    return reloading;
  };
  const emit = (e: ReloadEvent) => {
    for (const l of listeners) l(e);
  };

  const watcher = config.FLOWS_RELOAD
    ? watchFlowDir(
        current.flow.dir,
        opts.reloadDebounceMs ?? 250,
        () => void reload().catch(() => {}),
        (err) => logger.warn({ err: err.message }, 'flow watcher error'),
      )
    : undefined;

  return {
    get version() {
      return current.flow.version;
    },
    handle(ctx: BotContext, input: BotInput): Promise<BotTurn> {
      return runTurn(current, runtime, ctx, input);
    },
    summarize(ctx: BotContext, transcript: readonly Message[]): string {
      return summarize(current.flow, ctx, transcript);
    },
    reload,
    onReload(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      watcher?.close();
      listeners.clear();
      await reloading?.catch(() => {});
    },
  };
}

/** The classifier's training data: each locale's examples and keywords, intent by intent. */
export function trainingOf(flow: CompiledFlow): Record<string, LocaleTraining> {
  const out: Record<string, LocaleTraining> = {};
  for (const locale of flow.settings.locales) {
    const t: LocaleTraining = { examples: [], keywords: [] };
    for (const [intent, def] of Object.entries(flow.intents)) {
      for (const text of def.examples[locale] ?? []) t.examples.push({ text, intent });
      for (const phrase of def.keywords?.[locale] ?? []) t.keywords.push({ phrase, intent });
    }
    out[locale] = t;
  }
  return out;
}

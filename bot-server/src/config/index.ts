/**
 * The only reader of process.env. Parses every section, reports every problem at once, and
 * returns a deeply frozen Config. Everything else receives Config (or a slice) as an argument.
 */
import type * as z from 'zod';
import { ParleyError } from '../errors.js';
import { aftercareSection } from './sections/aftercare.js';
import { aggregatorSection } from './sections/aggregator.js';
import { attachmentsSection } from './sections/attachments.js';
import { botSection } from './sections/bot.js';
import { ewcSection } from './sections/ewc.js';
import { haSection } from './sections/ha.js';
import { serverSection } from './sections/server.js';
import { storeSection } from './sections/store.js';
import { voiceSection } from './sections/voice.js';

const sections = {
  server: serverSection,
  store: storeSection,
  bot: botSection,
  ewc: ewcSection,
  voice: voiceSection,
  aggregator: aggregatorSection,
  attachments: attachmentsSection,
  ha: haSection,
  aftercare: aftercareSection,
} as const;

type Sections = typeof sections;
export type Config = { readonly [K in keyof Sections]: Readonly<z.output<Sections[K]['schema']>> };
export type ServerConfig = Config['server'];
export type StoreConfig = Config['store'];
export type BotConfig = Config['bot'];
export type EwcConfig = Config['ewc'];
export type VoiceConfig = Config['voice'];
export type AggregatorConfig = Config['aggregator'];
export type AttachmentsConfig = Config['attachments'];
export type HaConfig = Config['ha'];
export type AftercareConfig = Config['aftercare'];

export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Documented variables, for the README table and the start-up banner. */
export function configVariables(): Array<{ section: string; variable: string }> {
  return Object.entries(sections).flatMap(([name, s]) =>
    Object.keys(s.schema.shape).map((variable) => ({ section: name, variable })),
  );
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const problems: ConfigProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(sections)) {
    const input: Record<string, string | undefined> = {};
    for (const key of Object.keys(s.schema.shape)) {
      const raw = env[key];
      input[key] = raw === undefined || raw.trim() === '' ? undefined : raw;
    }
    const result = s.schema.safeParse(input);
    if (result.success) out[name] = result.data;
    else
      for (const issue of result.error.issues)
        problems.push({ variable: String(issue.path[0] ?? name), problem: issue.message });
  }
  const cfg = out as Partial<Config>;
  problems.push(...crossChecks(cfg));
  if (problems.length > 0) {
    const text = problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n');
    throw new ParleyError(
      'PARLEY_ERR_CONFIG',
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${text}`,
      problems,
    );
  }
  return deepFreeze(cfg as Config);
}

/** Checks across variables; each runs when its sections parsed, so they are reported with the rest. */
function crossChecks(cfg: Partial<Config>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const s = cfg.server;
  if (s && s.LISTENING_PROTO === 'https' && (!s.LISTENING_SSL_CERT_PATH || !s.LISTENING_SSL_PEM_PATH)) {
    problems.push({
      variable: 'LISTENING_SSL_CERT_PATH',
      problem: 'LISTENING_PROTO=https needs LISTENING_SSL_CERT_PATH and LISTENING_SSL_PEM_PATH',
    });
  }
  const v = cfg.voice;
  if (v?.DIALER === 'twilio') {
    for (const k of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'AACC_ROUTE_POINT'] as const) {
      if (!v[k]) problems.push({ variable: k, problem: 'required when DIALER=twilio' });
    }
  }
  const a = cfg.aggregator;
  if (a?.AGGREGATOR_URL) {
    for (const k of ['AGGREGATOR_APP_ID', 'AGGREGATOR_KEY_ID', 'AGGREGATOR_SECRET'] as const) {
      if (!a[k]) problems.push({ variable: k, problem: 'required when AGGREGATOR_URL is set' });
    }
    if (a.AGGREGATOR_WEBHOOK_SECRET.length === 0)
      problems.push({ variable: 'AGGREGATOR_WEBHOOK_SECRET', problem: 'required when AGGREGATOR_URL is set' });
  }
  if (cfg.aftercare?.MESSAGES_TO && !cfg.aftercare.SMTP_URL)
    problems.push({ variable: 'MESSAGES_TO', problem: 'needs SMTP_URL (left messages go by e-mail)' });
  const h = cfg.ha;
  if (h && h.HA_LEASE_RENEW_MS * 3 > h.HA_LEASE_TTL_MS)
    problems.push({ variable: 'HA_LEASE_RENEW_MS', problem: 'must be at most a third of HA_LEASE_TTL_MS' });
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Catalogue, type StringKey } from '../i18n/en.js';

/** Locales with a catalogue; anything else falls back to English. Loaded on demand (own chunk). */
const LOADERS: Record<string, () => Promise<Catalogue>> = {
  fr: () => import('../i18n/fr.js').then((m) => m.fr),
};

let active: Catalogue = en;
let activeLang = 'en';
const hosts = new Set<ReactiveControllerHost>();

/** Switches every widget string to `locale` (BCP 47, e.g. `fr-CA`); resolves once the catalogue is loaded. */
export async function setLocale(locale: string | undefined): Promise<void> {
  const lang = (locale ?? 'en').toLowerCase().split('-')[0] ?? 'en';
  const load = LOADERS[lang];
  const next = load ? await load() : en;
  active = next;
  activeLang = load ? lang : 'en';
  for (const host of hosts) host.requestUpdate();
}

/** The language of the active catalogue (`en`, `fr`). */
export function currentLang(): string {
  return activeLang;
}

/** Looks a key up in the active catalogue; unknown keys (e.g. a new server error key) return undefined. */
export function lookup(key: string): string | undefined {
  return Object.hasOwn(active, key) ? active[key as StringKey] : undefined;
}

/** Fills `{name}` placeholders. Values are plain text; the result is always rendered as text, never HTML. */
export function format(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(params, k) ? String(params[k]) : m));
}

/** Gives a component `t()` and re-renders it when the locale changes. */
export class LocalizeController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this.host);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  /** The string for `key` with `params` filled in. */
  t(key: StringKey, params?: Readonly<Record<string, string | number>>): string {
    return format(active[key], params);
  }

  /** Like t() for keys that come from the wire (form.invalid, error codes), with a fallback key. */
  tDynamic(key: string, fallback: StringKey, params?: Readonly<Record<string, string | number>>): string {
    return format(lookup(key) ?? active[fallback], params);
  }

  /** Formats a time of day in the active locale. */
  time(epochMs: number): string {
    return new Intl.DateTimeFormat(activeLang, { hour: 'numeric', minute: '2-digit' }).format(epochMs);
  }

  /** Formats a date with its time of day in the active locale (e.g. a scheduled callback). */
  dateTime(epochMs: number): string {
    return new Intl.DateTimeFormat(activeLang, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    }).format(epochMs);
  }

  /** Formats a calendar date in the active locale. */
  date(epochMs: number): string {
    return new Intl.DateTimeFormat(activeLang, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(epochMs);
  }
}

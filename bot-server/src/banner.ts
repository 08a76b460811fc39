/**
 * The start-up banner (in the spirit of the Koopid gateway's): where everything is, at a glance.
 * No secrets: URLs only, with any userinfo stripped.
 */
export interface BannerInfo {
  listening: string;
  demoSite?: string;
  widgetScript: string;
  agentDesktop?: string;
  /** The supervisors' survey (CSAT) page; a hint to set OPERATOR_TOKEN when it is off. */
  supervisor?: string;
  health: string;
  contactCenter: string;
  dialer: string;
  /** Whether customers may send files, and why not (no virus scanner). */
  uploads?: string;
  store: string;
  logLevel: string;
  allowedOrigins: string[];
  /** WhatsApp, Messenger and X through the aggregator, when configured (or simulated). */
  messaging?: { aggregator: string; webhook: string; healthCheck: string; phonePages: string[] };
}

/** The banner's title line; main.ts prints the banner once the server listens, so a parent process waits for it. */
export const BANNER_TITLE = '* Parley bot server:';

export function formatBanner(b: BannerInfo): string {
  const row = (label: string, value: string) => `*   ${label.padEnd(14)} => ${value}`;
  return [
    '*****',
    BANNER_TITLE,
    row('listening', b.listening),
    row('health', b.health),
    '* Customer side:',
    ...(b.demoSite ? [row('demo site', b.demoSite)] : []),
    row('widget script', b.widgetScript),
    row('origins', b.allowedOrigins.join(', ') || '(none)'),
    ...(b.uploads ? [row('uploads', b.uploads)] : []),
    '* Contact center:',
    row('EWC', stripCredentials(b.contactCenter)),
    ...(b.agentDesktop ? [row('agent desktop', b.agentDesktop)] : []),
    ...(b.supervisor ? [row('supervisor', b.supervisor)] : []),
    row('voice dialer', b.dialer),
    ...(b.messaging
      ? [
          '* Messaging (WhatsApp, Messenger, X):',
          row('aggregator', stripCredentials(b.messaging.aggregator)),
          row('webhook', `${b.messaging.webhook} (register with the aggregator)`),
          row('health check', b.messaging.healthCheck),
          ...b.messaging.phonePages.map((page) => row('phone page', page)),
        ]
      : []),
    '* Storage:',
    row('store', stripCredentials(b.store)),
    '* Logger:',
    row('log level', b.logLevel),
    '*****',
  ].join('\n');
}

/** postgres://user:secret@host/db -> postgres://host/db */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

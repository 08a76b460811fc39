/** HTTP/WebSocket listener, public address and security limits. Names follow the Koopid gateway table where one fits. */
import * as z from 'zod';
import { parseZone } from '../../time/zone.js';
import { parseTrustedProxies } from '../../transport/client-address.js';
import { bool, int, list, section, str } from '../env.js';

export const serverSection = section('server', {
  /**
   * Time zone for business hours and date labels: an IANA name, with daylight saving (Europe/London,
   * America/New_York), or a fixed offset from UTC as in Koopid's TIMEZONE (+0530, -0500, 0000).
   */
  TIMEZONE: z
    .string()
    .trim()
    .default('Europe/London')
    .transform((value, ctx) => {
      try {
        return parseZone(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** Public IP or host name of this server (for URLs in the banner, CSP and callbacks). */
  PUBLIC_IP: str(),
  /** Public port for HTTP, when it differs from the listening port (behind a proxy). */
  PUBLIC_HTTP_PORT: str(),
  /** Public port for HTTPS, when it differs from the listening port. */
  PUBLIC_HTTPS_PORT: str(),
  /** Public protocol: http or https. */
  PUBLIC_PROTO: z.enum(['http', 'https']).default('http'),
  /** Address to listen on. */
  LISTENING_IP: str('127.0.0.1'),
  /** Port to listen on for HTTP (0 = any free port). */
  LISTENING_HTTP_PORT: int(8080, 0, 65535),
  /** Port to listen on for HTTPS. */
  LISTENING_HTTPS_PORT: int(8443, 0, 65535),
  /** Listen with http or https (https needs the two certificate paths). */
  LISTENING_PROTO: z.enum(['http', 'https']).default('http'),
  /** Certificate (crt/pem chain) for HTTPS. */
  LISTENING_SSL_CERT_PATH: str(),
  /** Private key (pem) for HTTPS. */
  LISTENING_SSL_PEM_PATH: str(),
  /** Log level: fatal, error, warn, info, debug, trace or silent. No personal data is logged at info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Origins allowed to open the chat WebSocket (like AACC's "External Web Server Domain").
   * Exact origins, comma separated. Empty = only this server's own origin.
   */
  ALLOWED_ORIGINS: list([]).superRefine((origins, ctx) => {
    for (const origin of origins) {
      let expected: string | undefined;
      try {
        expected = new URL(origin).origin;
      } catch {
        ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://www.example.com` });
        continue;
      }
      if (expected !== origin)
        ctx.addIssue({ code: 'custom', message: `"${origin}" is not an exact origin (expected ${expected})` });
    }
  }),
  /** Serve the demo site from this server (the embedded demo). */
  SERVE_DEMO: bool(true),
  /** Largest WebSocket frame accepted from a browser; larger frames close the socket (1009). */
  WS_MAX_PAYLOAD_BYTES: int(16 * 1024, 1024, 1024 * 1024),
  /** Frame budget per conversation (all its tabs, on every instance: reconnecting resets nothing) per 10 s; above it frames are refused, at twice it the socket is closed. A client address gets WS_MAX_CONNECTIONS_PER_IP times it. */
  WS_RATE_LIMIT_PER_10S: int(20, 1, 10_000),
  /** Concurrent WebSocket connections allowed from one client address. */
  WS_MAX_CONNECTIONS_PER_IP: int(50, 1, 100_000),
  /** New WebSocket connections per client address per minute (shared across instances with Redis); 0: four times WS_MAX_CONNECTIONS_PER_IP. */
  WS_CONNECTS_PER_IP_PER_MIN: int(0, 0, 1_000_000),
  /**
   * Reverse proxies (IPs or CIDR ranges, comma separated: "127.0.0.1,10.0.0.0/8") whose X-Forwarded-For is believed:
   * behind them the client address for the per-address limits is the right-most address of the header that is not a
   * trusted proxy. Empty = trust nobody (the header is ignored; a spoofed one changes nothing).
   */
  TRUSTED_PROXIES: list([]).superRefine((entries, ctx) => {
    try {
      parseTrustedProxies(entries);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  /** Ping interval; a socket that misses two pings is terminated. */
  WS_HEARTBEAT_MS: int(25_000, 1000, 600_000),
  /** Default country for phone numbers (ISO 3166 alpha-2). */
  DEFAULT_COUNTRY: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be an ISO country code like GB')
    .default('GB'),
  /** Default language of the bot and the widget (en or fr). */
  DEFAULT_LOCALE: z.string().trim().default('en'),
  /**
   * A conversation with the bot (no agent, no call) that nobody touched for this long is closed and
   * the customer sees "closed after inactivity" and can start a new one. Checked every minute. 0 = never.
   */
  BOT_IDLE_TIMEOUT_MS: int(30 * 60_000, 0, 7 * 24 * 3_600_000),
  /** On SIGTERM, how long to drain in-flight work before exiting. */
  SHUTDOWN_GRACE_MS: int(10_000, 0, 120_000),
});

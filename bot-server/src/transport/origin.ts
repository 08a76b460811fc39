/**
 * The WebSocket Origin allowlist (defence against cross-site WebSocket hijacking). Exact origin
 * match only: scheme, host and port, in the canonical form browsers send. No wildcards, no suffix
 * or substring matching, and a missing or `null` Origin is refused.
 */
import type { ServerConfig } from '../config/index.js';

export interface OriginPolicy {
  allows(origin: string | undefined): boolean;
  /** The allowed origins, for the banner and diagnostics. */
  list(): string[];
}

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

function originOf(proto: string, host: string, port: number | string | undefined): string {
  return new URL(`${proto}://${host}${port === undefined || port === '' ? '' : `:${port}`}`).origin;
}

/**
 * Builds the policy. `listeningPort` is read lazily because with port 0 it is known only after listen.
 * Default (ALLOWED_ORIGINS empty): only this server's own public origin and localhost variants of it.
 */
export function createOriginPolicy(
  config: Pick<
    ServerConfig,
    | 'ALLOWED_ORIGINS'
    | 'PUBLIC_IP'
    | 'PUBLIC_PROTO'
    | 'PUBLIC_HTTP_PORT'
    | 'PUBLIC_HTTPS_PORT'
    | 'LISTENING_IP'
    | 'LISTENING_PROTO'
  >,
  listeningPort: () => number,
): OriginPolicy {
  const computeOwn = (): string[] => {
    const port = listeningPort();
    const own = new Set<string>();
    const publicPort = config.PUBLIC_PROTO === 'https' ? config.PUBLIC_HTTPS_PORT : config.PUBLIC_HTTP_PORT;
    if (config.PUBLIC_IP) own.add(originOf(config.PUBLIC_PROTO, config.PUBLIC_IP, publicPort ?? port));
    for (const host of [...LOCAL_HOSTS, config.LISTENING_IP ?? '127.0.0.1']) {
      if (host === '0.0.0.0' || host === '::') continue;
      own.add(originOf(config.LISTENING_PROTO, host.includes(':') && !host.startsWith('[') ? `[${host}]` : host, port));
    }
    return [...own];
  };
  let cache: { port: number; set: ReadonlySet<string> } | undefined;
  const current = (): ReadonlySet<string> => {
    const port = listeningPort();
    if (!cache || cache.port !== port) cache = { port, set: new Set([...config.ALLOWED_ORIGINS, ...computeOwn()]) };
    return cache.set;
  };
  return {
    allows(origin) {
      if (origin === undefined || origin === '' || origin === 'null') return false;
      return current().has(origin);
    },
    list: () => [...current()],
  };
}

/**
 * The aggregator client's `fetch`, on node:http(s) with keep-alive. Node's own fetch (undici) builds web streams,
 * abort plumbing and a cloned request for every call: under a webhook burst the outbox posts about two bodies per
 * webhook, and that machinery cost a tenth of the server's CPU and much of its garbage. The client needs only the
 * status, one header and the text of a small JSON answer, so that is all this gives; failures look like fetch's (a
 * TypeError whose `cause` carries the socket's code, the signal's reason on a timeout), as the client classifies them,
 * and say one thing fetch cannot: `sent`, whether the whole request had been written when it failed (a reset after
 * that may have left the message stored; a refused connection cannot have).
 */
import http from 'node:http';
import https from 'node:https';

export interface LeanFetch {
  fetch: typeof fetch;
  /** Closes the kept-alive connections. */
  close(): void;
}

export interface LeanFetchOptions {
  /**
   * A call without an answer within this long fails as `AbortSignal.timeout` makes fetch fail (a TimeoutError), on a
   * plain timer: a timeout signal per call (its DOMException, listeners and weak timer) cost more than the rest of
   * the client. A call given its own signal is bounded by that instead.
   */
  timeoutMs?: number;
}

export function leanFetch(opts: LeanFetchOptions = {}): LeanFetch {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const post = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const secure = url.protocol === 'https:';
      const signal = init.signal ?? undefined;
      let timedOut: DOMException | undefined;
      const options: http.RequestOptions = {
        method: init.method ?? 'GET',
        headers: init.headers as Record<string, string>,
        agent: secure ? agents.https : agents.http,
        ...(signal ? { signal } : {}),
      };
      let sent = false;
      const req = (secure ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => reject(failure(err, signal, true, timedOut)));
        // Cut off mid-answer without an error event: still a failure, never a hang.
        res.on('close', () => {
          if (!res.complete) reject(failure(new Error('the answer was cut off'), signal, true, timedOut));
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          const answer = {
            ok: status >= 200 && status < 300,
            status,
            headers: { get: (name: string) => header(res.headers[name.toLowerCase()]) },
            text: () => Promise.resolve(text),
            json: () => Promise.resolve(JSON.parse(text) as unknown),
          };
          resolve(answer as unknown as Response);
        });
      });
      req.on('finish', () => {
        sent = true;
      });
      req.on('error', (err) => reject(failure(err, signal, sent, timedOut)));
      if (!signal && opts.timeoutMs !== undefined) {
        const timer = setTimeout(() => {
          timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
          req.destroy(timedOut);
        }, opts.timeoutMs);
        req.on('close', () => clearTimeout(timer));
      }
      req.end(typeof init.body === 'string' ? init.body : undefined);
    });
  return {
    fetch: post,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function header(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function failure(err: Error, signal: AbortSignal | undefined, sent: boolean, timedOut?: DOMException): Error {
  const aborted = signal?.aborted
    ? signal.reason instanceof Error
      ? signal.reason
      : new DOMException('aborted', 'AbortError')
    : undefined;
  const reason = timedOut ?? aborted;
  if (reason) {
    // The signal's reason is shared by whoever holds the signal: a copy carries `sent`.
    const copy = new Error(reason.message, { cause: reason });
    copy.name = reason.name;
    return Object.assign(copy, { sent });
  }
  return Object.assign(new TypeError('fetch failed', { cause: err }), { sent });
}

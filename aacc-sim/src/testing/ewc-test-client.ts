import WebSocket from 'ws';

/** A received EWC frame (loosely typed: tests assert on the shapes). */
export interface Frame {
  apiVersion?: unknown;
  type: string;
  body: Record<string, unknown> & { method?: string };
}

/**
 * Minimal EWC customer for tests: raw sends, and `next()` to await the next frame matching a filter
 * (frames are queued, nothing is missed between awaits).
 */
export class EwcTestClient {
  readonly frames: Frame[] = [];
  private readonly waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  closeInfo: { code: number; reason: string } | undefined;
  private readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as Frame;
      const i = this.waiters.findIndex((w) => w.match(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(frame);
      else this.frames.push(frame);
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      });
    });
    ws.on('error', () => {});
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<EwcTestClient> {
    const ws = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new EwcTestClient(ws);
  }

  /** Send a raw string or a JSON value. */
  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Send `{apiVersion:'1.0', type:'request', body}`. */
  request(body: Record<string, unknown>): void {
    this.send({ apiVersion: '1.0', type: 'request', body });
  }

  /** Next frame with this body.method (and type, if given), waiting up to timeoutMs. */
  next(method: string, type?: string, timeoutMs = 5000): Promise<Frame> {
    return this.nextWhere(
      (f) => f.body.method === method && (!type || f.type === type),
      timeoutMs,
      `${type ?? '*'}/${method}`,
    );
  }

  nextWhere(match: (f: Frame) => boolean, timeoutMs = 5000, label = 'frame'): Promise<Frame> {
    const i = this.frames.findIndex(match);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `timed out waiting for ${label}; got ${JSON.stringify(this.frames.map((f) => `${f.type}/${f.body.method}`))}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the close code/reason (waits up to timeoutMs). */
  async closedWith(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

let customerSeq = 0;

/** A new-chat requestChat body (a distinct customer e-mail each call, so the per-customer limit stays out of the way). */
export function newChat(
  intrinsics: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    method: 'requestChat',
    guid: null,
    authenticationKey: null,
    deviceType: 'test',
    requestTranscript: false,
    intrinsics: {
      name: 'John',
      email: `john${++customerSeq}@example.com`,
      skillset: 'WC_Default_Skillset',
      ...intrinsics,
    },
    ...extra,
  };
}

/**
 * A local fake of the slice of Twilio's Programmable Voice REST API Parley uses, for tests: a real
 * HTTP server on 127.0.0.1:0 that checks HTTP Basic auth, validates Calls.json requests like Twilio
 * does (To/From, Twiml or Url, StatusCallback), records them, answers with realistic JSON bodies and
 * error shapes, and on demand POSTs status callbacks signed with X-Twilio-Signature (or deliberately
 * badly signed) to the StatusCallback URL.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCall {
  sid: string;
  to: string;
  from: string;
  twiml: string | undefined;
  statusCallback: string | undefined;
  statusCallbackEvents: string[];
  status: string;
}

export interface FakeTwilio {
  /** http://127.0.0.1:<port>, to use as TWILIO_API_BASE. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  calls: FakeCall[];
  /** Requests that changed a call (cancel/complete), in order. */
  updates: Array<{ sid: string; status: string }>;
  /** Next Calls.json create answers with this HTTP status and Twilio error body (once). */
  failNext(status: number, code?: number, message?: string): void;
  /** Delay every answer by ms (provider slowness). */
  setLatency(ms: number): void;
  /**
   * POST a status callback for a call to its StatusCallback URL, as Twilio would.
   * `signature`: 'valid' (default), 'bad' (signed with another token), 'missing'.
   * Resolves with the HTTP status our server answered.
   */
  sendStatus(
    sid: string,
    callStatus: string,
    opts?: { signature?: 'valid' | 'bad' | 'missing'; extra?: Record<string, string> },
  ): Promise<number>;
  close(): Promise<void>;
}

/** Twilio's webhook signature: base64(HMAC-SHA1(token, url + sorted name+value pairs)). Independent of Parley's implementation on purpose. */
export function signTwilio(token: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', token).update(Buffer.from(data, 'utf-8')).digest('base64');
}

const E164 = /^\+[1-9]\d{6,14}$/;

export async function startFakeTwilio(opts: { accountSid?: string; authToken?: string } = {}): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = opts.authToken ?? randomBytes(16).toString('hex');
  const calls: FakeCall[] = [];
  const updates: FakeTwilio['updates'] = [];
  let nextFailure: { status: number; code: number; message: string } | undefined;
  let latency = 0;
  const sequence = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      handle(req, res, new URLSearchParams(body));
    });
  });

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
    json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  function handle(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return twilioError(res, 401, 20003, 'Authenticate');
    const prefix = `/2010-04-01/Accounts/${accountSid}/Calls`;
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || !path.startsWith(prefix))
      return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    if (
      req.headers['content-type'] !== 'application/x-www-form-urlencoded' &&
      !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')
    ) {
      return twilioError(res, 400, 20001, 'Unsupported content type');
    }
    if (path === `${prefix}.json`) return create(res, form);
    const m = /^\/(CA[0-9a-f]{32})\.json$/.exec(path.slice(prefix.length));
    const call = m ? calls.find((c) => c.sid === m[1]) : undefined;
    if (!call) return twilioError(res, 404, 20404, 'The requested resource was not found');
    const status = form.get('Status');
    if (status !== 'canceled' && status !== 'completed') return twilioError(res, 400, 21218, 'Invalid Status');
    if (status === 'canceled' && !['queued', 'ringing'].includes(call.status))
      return twilioError(res, 400, 21220, 'Call is not in-progress. Cannot redirect.');
    call.status = status;
    updates.push({ sid: call.sid, status });
    json(res, 200, resource(call));
  }

  function create(res: ServerResponse, form: URLSearchParams): void {
    if (nextFailure) {
      const f = nextFailure;
      nextFailure = undefined;
      return twilioError(res, f.status, f.code, f.message);
    }
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    if (!to) return twilioError(res, 400, 21201, "No 'To' number is specified");
    if (!E164.test(to)) return twilioError(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!E164.test(from)) return twilioError(res, 400, 21212, 'Invalid Caller Phone Number');
    const twiml = form.get('Twiml') ?? undefined;
    if (!twiml && !form.get('Url')) return twilioError(res, 400, 21205, 'Url or Twiml parameter is required');
    if (twiml && !/^(<\?xml[^>]*\?>)?<Response>.*<\/Response>$/s.test(twiml))
      return twilioError(res, 400, 12100, 'Document parse failure');
    const statusCallback = form.get('StatusCallback') ?? undefined;
    if (statusCallback && !/^https?:\/\//.test(statusCallback))
      return twilioError(res, 400, 21609, 'Invalid StatusCallback url');
    const call: FakeCall = {
      sid: `CA${randomBytes(16).toString('hex')}`,
      to,
      from,
      twiml,
      statusCallback,
      statusCallbackEvents: form.getAll('StatusCallbackEvent'),
      status: 'queued',
    };
    calls.push(call);
    json(res, 201, resource(call));
  }

  function resource(call: FakeCall): Record<string, unknown> {
    return {
      sid: call.sid,
      account_sid: accountSid,
      to: call.to,
      from: call.from,
      status: call.status,
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${accountSid}/Calls/${call.sid}.json`,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    calls,
    updates,
    failNext(
      status,
      code = status >= 500 ? 20500 : 21211,
      message = status >= 500 ? 'Internal Server Error' : 'Invalid parameter',
    ) {
      nextFailure = { status, code, message };
    },
    setLatency(ms) {
      latency = ms;
    },
    async sendStatus(sid, callStatus, o = {}) {
      const call = calls.find((c) => c.sid === sid);
      if (!call?.statusCallback) throw new Error(`no call ${sid} with a StatusCallback`);
      call.status = callStatus;
      const seq = sequence.get(sid) ?? 0;
      sequence.set(sid, seq + 1);
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        CallSid: sid,
        CallStatus: callStatus,
        Called: call.to,
        Caller: call.from,
        Direction: 'outbound-api',
        From: call.from,
        To: call.to,
        SequenceNumber: String(seq),
        Timestamp: new Date().toUTCString(),
        ...o.extra,
      };
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      const mode = o.signature ?? 'valid';
      if (mode !== 'missing')
        headers['x-twilio-signature'] = signTwilio(
          mode === 'valid' ? authToken : 'not-the-token',
          call.statusCallback,
          params,
        );
      const res = await fetch(call.statusCallback, { method: 'POST', headers, body: new URLSearchParams(params) });
      await res.arrayBuffer();
      return res.status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

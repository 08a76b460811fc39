import type WebSocket from 'ws';
import { SimError, chatNotStarted, sessionInvalid } from '../errors.js';
import type { ContactCenter } from '../model/contact-center.js';
import { MAX_MESSAGE_CHARS } from '../model/contact-center.js';
import type { Contact } from '../model/types.js';
import type { ResolvedOptions } from '../options.js';
import {
  acknowledgement,
  errorFrame,
  ewcErrorFrame,
  notification,
  parseClientFrame,
  readGuid,
  readString,
  type ClientRequest,
  type EwcFrame,
} from './frames.js';
import { echoIntrinsics, readIntrinsics } from './intrinsics.js';

/** What a session needs from the server that owns it. */
export interface SessionHost {
  readonly model: ContactCenter;
  readonly opts: ResolvedOptions;
  /** Bind the session to a contact's guid (replacing an older socket); returns missed frames to replay. */
  bind(session: EwcSession, contact: Contact, resumed: boolean): EwcFrame[];
  unbind(session: EwcSession): void;
}

/** One customer WebSocket: at most one chat, tolerant request handling, keep-alive cut-off, faults. */
export class EwcSession {
  contact: Contact | undefined;
  private cancelIdle: (() => void) | undefined;
  private cancelStall: (() => void) | undefined;
  private cancelClose: (() => void) | undefined;
  private stalledOut: EwcFrame[] | undefined;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly host: SessionHost,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(isBinary ? '' : data.toString('utf8')));
    ws.on('close', () => this.onClose());
    ws.on('error', () => ws.terminate());
    this.touch();
  }

  /** Send a frame (delayed while stalled). */
  send(frame: EwcFrame): void {
    if (this.closed) return;
    if (this.stalledOut) {
      this.stalledOut.push(frame);
      return;
    }
    this.ws.send(JSON.stringify(frame));
  }

  /** Close with a code after pending frames. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.flushStall();
    this.ws.close(code, reason);
    this.cancelClose ??= this.schedule(this.host.opts.closeGraceMs, () => this.ws.terminate());
  }

  /** Abrupt drop (the client sees 1006). */
  terminate(): void {
    this.ws.terminate();
  }

  /** Stop reading and answering for `ms`. */
  stall(ms: number): void {
    this.stalledOut ??= [];
    this.ws.pause();
    this.cancelIdle?.();
    this.cancelStall?.();
    this.cancelStall = this.schedule(ms, () => this.flushStall());
  }

  private schedule(ms: number, fn: () => void): () => void {
    return this.host.opts.clock.schedule(ms, fn);
  }

  private flushStall(): void {
    this.cancelStall?.();
    this.cancelStall = undefined;
    const pending = this.stalledOut;
    if (!pending) return;
    this.stalledOut = undefined;
    this.ws.resume();
    this.touch();
    for (const f of pending) this.send(f);
  }

  private touch(): void {
    this.cancelIdle?.();
    this.cancelIdle = this.schedule(this.host.opts.keepAliveMs, () => this.close(1001, 'keep-alive timeout'));
  }

  private onClose(): void {
    this.closed = true;
    for (const cancel of [this.cancelIdle, this.cancelStall, this.cancelClose]) cancel?.();
    this.host.unbind(this);
  }

  private onMessage(raw: string): void {
    this.touch();
    const req = parseClientFrame(raw);
    if ('error' in req) {
      this.fail(1, req.error, req.method ?? 'error');
      return;
    }
    try {
      this.handle(req);
    } catch (err) {
      const method = this.host.opts.errorMethod === 'error' ? 'error' : req.method;
      if (err instanceof SimError) {
        this.host.opts.logger.info({ method: req.method, code: err.code }, 'ewc request refused');
        this.send(ewcErrorFrame(err, method));
        return;
      }
      this.host.opts.logger.error({ err, method: req.method }, 'ewc request failed');
      this.send(errorFrame(500, 'Internal server error', method));
    }
  }

  private fail(code: number, text: string, method: string): void {
    this.send(errorFrame(code, text, this.host.opts.errorMethod === 'error' ? 'error' : method));
  }

  private handle(req: ClientRequest): void {
    const { model, opts } = this.host;
    const { method, body } = req;
    if (method === 'requestChat' || method === 'renewChat') return this.requestChat(req);
    if (method === 'ping') {
      if (opts.pingReply === 'pong') this.send(notification('pong'));
      else if (opts.pingReply === 'acknowledgement') this.send(acknowledgement('ping'));
      else this.send(notification('ping'));
      return;
    }
    const contact = this.contact;
    if (!contact || contact.state === 'closed') throw chatNotStarted();
    switch (method) {
      case 'newMessage': {
        const text = readString(body, 'message');
        if (text === undefined || text.trim() === '' || text.length > MAX_MESSAGE_CHARS) {
          throw new SimError('bad_request', `message must be 1-${MAX_MESSAGE_CHARS} characters`);
        }
        model.customerMessage(contact, text);
        if (opts.ackNewMessage) this.send(acknowledgement('newMessage', { accepted: true }));
        return;
      }
      case 'isTyping':
        if (body['isTyping'] !== false) model.customerTyping(contact);
        return;
      case 'newPushPageMessage': {
        const url = readString(body, 'pagePushURL');
        if (!url || !/^https?:\/\//i.test(url) || url.length > 2048) throw new SimError('bad_request', 'pagePushURL');
        model.customerPushUrl(contact, url, readString(body, 'pagePushDestination') ?? 'newTab');
        return;
      }
      case 'queueStatus':
        this.send(notification('queueStatus', { ...model.queueStatus(contact) }));
        return;
      case 'closeConversation':
        model.customerClose(contact);
        this.send(notification('closeConversation', { result: true }));
        this.cancelClose ??= this.schedule(opts.customerCloseDelayMs, () => this.close(1000, 'Closing conversation'));
        return;
    }
  }

  private requestChat(req: ClientRequest): void {
    const { model, opts } = this.host;
    if (this.contact && this.contact.state !== 'closed') throw new SimError('conflict', 'Chat already started');
    const guid = readGuid(req.body['guid']);
    const key = readString(req.body, 'authenticationKey');
    if (guid !== undefined || req.method === 'renewChat') {
      if (guid === undefined || Number.isNaN(guid) || !key) throw sessionInvalid();
      const contact = model.resume(guid, key);
      opts.logger.info({ contactId: contact.id }, 'ewc chat resumed');
      this.contact = contact;
      const missed = this.host.bind(this, contact, true);
      this.send(this.chatNotification(contact));
      for (const f of missed) this.send(f);
      return;
    }
    const intrinsics = readIntrinsics(req.body['intrinsics']);
    const created = model.createChat({
      skillset: intrinsics.skillset,
      customer: intrinsics.customer,
      requestTranscript: req.body['requestTranscript'] === true,
    });
    this.contact = created;
    opts.logger.info({ contactId: created.id, skillset: created.skillset }, 'ewc chat requested');
    this.send(this.chatNotification(created));
    this.host.bind(this, created, false);
    model.submit(created);
  }

  private chatNotification(contact: Contact): EwcFrame {
    const { opts } = this.host;
    return notification('requestChat', {
      guid: contact.guid,
      authenticationKey: contact.authKey,
      webOnHoldComfortGroups: opts.webOnHold.comfortGroups,
      webOnHoldURLs: opts.webOnHold.urls,
      intrinsics: echoIntrinsics(contact.customer, contact.skillset),
    });
  }
}

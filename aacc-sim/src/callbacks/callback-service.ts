import { SimError } from '../errors.js';
import type { ContactCenter } from '../model/contact-center.js';
import type { SimEventOf } from '../model/events.js';
import { numberKey } from '../model/phone.js';
import type { CallbackStatus, Customer } from '../model/types.js';
import type { ResolvedOptions } from '../options.js';
import { parseRequestCallback } from './callback-request.js';
import { StatusReporter } from './status-reporter.js';

/** Maximum open callbacks per phone number ("Requested Call-backs Limit per Customer"). */
const MAX_OPEN_PER_PHONE = 3;
const FINAL: ReadonlySet<CallbackStatus> = new Set(['completed', 'no_answer', 'cancelled', 'failed']);

export interface CallbackView {
  callbackId: string;
  contactId: string;
  status: CallbackStatus | 'accepted';
  history: Array<{ status: CallbackStatus; at: number }>;
  agentId?: string;
  skillset: string;
}

interface CallbackRecord extends CallbackView {
  /** The number's digits with the country code, however its parts were sent. */
  phone: string;
  idempotencyKey?: string;
  statusCallbackUrl?: string;
}

/** Web callbacks: request (idempotent), cancel, status lookup and status reports to `statusCallbackUrl`. */
export class CallbackService {
  private readonly records = new Map<string, CallbackRecord>();
  private readonly byKey = new Map<string, string>();
  private readonly reporter: StatusReporter;
  private nextId = 1;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly model: ContactCenter,
    private readonly opts: ResolvedOptions,
  ) {
    this.reporter = new StatusReporter(opts.logger, opts.clock, opts.statusReports);
    const listener = (e: SimEventOf<'callback_status'>) => this.onStatus(e);
    model.events.on('callback_status', listener);
    this.unsubscribe = () => model.events.off('callback_status', listener);
  }

  /**
   * `{method:'getSkillsets'}`: `{ <skillset name>: <label shown to customers> }` for the outbound (voice)
   * skillsets. Avaya's 2015 sample fills its drop-down from this map and submits the VALUES, Parley the keys:
   * `requestCallback` accepts either (see skillsetOf).
   */
  skillsets(): Record<string, string> {
    return Object.fromEntries(this.model.skillsetsOf('voice').map((s) => [s.name, s.description ?? s.name]));
  }

  /** The outbound skillset a requestCallback names, by its name or by its getSkillsets label; undefined if none. */
  private skillsetOf(submitted: string): string | undefined {
    const voice = this.model.skillsetsOf('voice');
    return (
      voice.find((s) => s.name === submitted)?.name ?? voice.find((s) => (s.description ?? s.name) === submitted)?.name
    );
  }

  /** `{method:'requestCallback', ...}`. */
  request(body: unknown): { status: 'accepted'; callbackId: string; duplicate?: true } {
    const req = parseRequestCallback(body);
    if (req.idempotencyKey) {
      const existing = this.byKey.get(req.idempotencyKey);
      if (existing) return { status: 'accepted', callbackId: existing, duplicate: true };
    }
    const phone = numberKey({
      phone: req.phone,
      ...(req.countryCode ? { country: req.countryCode } : {}),
      ...(req.areaCode ? { area: req.areaCode } : {}),
    });
    const open = [...this.records.values()].filter((r) => r.phone === phone && !FINAL.has(r.status as CallbackStatus));
    if (open.length >= MAX_OPEN_PER_PHONE)
      throw new SimError('limit', 'Requested call-backs limit per customer reached');
    const skillset = this.skillsetOf(req.skillset);
    if (skillset === undefined) throw new SimError('bad_request', `Unknown outbound skillset ${req.skillset}`);
    const callbackId = `CB${this.nextId++}`;
    const customer: Customer = { name: req.name, phone: req.phone, customFields: req.customFields ?? [] };
    if (req.email) customer.email = req.email;
    if (req.countryCode) customer.country = req.countryCode;
    if (req.areaCode) customer.area = req.areaCode;
    const record: CallbackRecord = {
      callbackId,
      contactId: '',
      status: 'accepted',
      history: [],
      skillset,
      phone,
      ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}),
      ...(req.statusCallbackUrl ? { statusCallbackUrl: req.statusCallbackUrl } : {}),
    };
    this.records.set(callbackId, record);
    if (req.idempotencyKey) this.byKey.set(req.idempotencyKey, callbackId);
    const contact = this.model.createVoice({
      callbackId,
      skillset,
      customer,
      dueAt: req.date ?? this.opts.clock.now(),
    });
    record.contactId = contact.id;
    return { status: 'accepted', callbackId };
  }

  /** `{method:'cancelCallback', callbackId}`. */
  cancel(callbackId: unknown): { status: 'cancelled' } {
    const record = typeof callbackId === 'string' ? this.records.get(callbackId) : undefined;
    if (!record) throw new SimError('not_found', 'Unknown callbackId');
    this.model.cancelVoice(record.contactId);
    return { status: 'cancelled' };
  }

  get(callbackId: string): CallbackView {
    const r = this.records.get(callbackId);
    if (!r) throw new SimError('not_found', 'Unknown callbackId');
    return {
      callbackId: r.callbackId,
      contactId: r.contactId,
      status: r.status,
      history: r.history.map((h) => ({ ...h })),
      skillset: r.skillset,
      ...(r.agentId ? { agentId: r.agentId } : {}),
    };
  }

  /** Resolves once every status report has been delivered (or given up). */
  flushed(): Promise<void> {
    return this.reporter.idle();
  }

  close(): void {
    this.unsubscribe();
    this.reporter.close();
  }

  private onStatus(e: SimEventOf<'callback_status'>): void {
    const r = this.records.get(e.callbackId);
    if (!r) return;
    r.status = e.status;
    r.history.push({ status: e.status, at: e.at });
    if (e.agentId) r.agentId = e.agentId;
    if (r.statusCallbackUrl) {
      this.reporter.report(r.statusCallbackUrl, {
        callbackId: r.callbackId,
        status: e.status,
        at: e.at,
        ...(r.idempotencyKey ? { idempotencyKey: r.idempotencyKey } : {}),
        ...(e.agentId ? { agentId: e.agentId } : {}),
      });
    }
  }
}

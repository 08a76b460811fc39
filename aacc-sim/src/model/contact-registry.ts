import { randomBytes, randomInt } from 'node:crypto';
import { SimError, sessionInvalid } from '../errors.js';
import { safeEqual } from './agents.js';
import type { Contact, ContactSnapshot, Customer } from './types.js';

/** Every contact by id and by EWC guid; contact ids, guids and session keys are minted here. */
export class ContactRegistry {
  private readonly byId = new Map<string, Contact>();
  private readonly byGuid = new Map<number, Contact>();
  private nextId = 1;
  private nextGuid = randomInt(100_000, 900_000);

  /** A new queued contact. */
  create(kind: Contact['kind'], skillset: string, customer: Customer, customerKey: string, now: number): Contact {
    const contact: Contact = {
      id: `C${this.nextId++}`,
      guid: this.nextGuid++,
      authKey: randomBytes(16).toString('hex'),
      kind,
      state: 'queued',
      skillset,
      customer,
      customerKey,
      requestTranscript: false,
      transcript: [],
      participants: [],
      queuedAt: now,
      customerConnected: false,
    };
    this.byId.set(contact.id, contact);
    this.byGuid.set(contact.guid, contact);
    return contact;
  }

  /** The contact or a `not_found` error. */
  get(contactId: string): Contact {
    const contact = this.byId.get(contactId);
    if (!contact) throw new SimError('not_found', `Unknown contact ${contactId}`);
    return contact;
  }

  find(contactId: string): Contact | undefined {
    return this.byId.get(contactId);
  }

  /** The contact of an EWC guid or a `not_found` error. */
  byGuidOf(guid: number): Contact {
    const contact = this.byGuid.get(guid);
    if (!contact) throw new SimError('not_found', `Unknown guid ${guid}`);
    return contact;
  }

  /** The open contact with this guid and key (constant-time compare), or a `session_invalid` error. */
  resume(guid: number, authKey: string): Contact {
    const contact = this.byGuid.get(guid);
    if (!contact || contact.state === 'closed' || !safeEqual(contact.authKey, authKey)) throw sessionInvalid();
    return contact;
  }

  /** Take a contact restored from a saved state (sim-state.ts). */
  adopt(contact: Contact): void {
    this.byId.set(contact.id, contact);
    this.byGuid.set(contact.guid, contact);
  }

  counters(): { nextId: number; nextGuid: number } {
    return { nextId: this.nextId, nextGuid: this.nextGuid };
  }

  /** Never below what this registry has already minted. */
  setCounters(c: { nextId: number; nextGuid: number }): void {
    this.nextId = Math.max(this.nextId, c.nextId);
    this.nextGuid = Math.max(this.nextGuid, c.nextGuid);
  }

  all(): Contact[] {
    return [...this.byId.values()];
  }

  openChats(): Contact[] {
    return this.all().filter((c) => c.kind === 'chat' && c.state !== 'closed');
  }

  /** Copy without the session key and the per-customer limit key. */
  snapshot(contact: Contact): ContactSnapshot {
    const { authKey: _k, customerKey: _c, ...rest } = contact;
    return structuredClone(rest);
  }
}

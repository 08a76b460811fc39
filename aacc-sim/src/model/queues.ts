import type { Contact } from './types.js';

export interface QueueMetric {
  queueName: string;
  customersInQueue: number;
  availableAgentsInQueue: number;
  maxConcurrentChats: number;
}

/** One FIFO of waiting contact ids per skillset; transfers and returned offers go to the front. */
export class SkillsetQueues {
  private readonly queues = new Map<string, string[]>();

  constructor(skillsets: Iterable<string>) {
    for (const name of skillsets) this.queues.set(name, []);
  }

  /** Queue the contact under its skillset; false when the skillset has no queue. */
  add(contact: Contact, front: boolean): boolean {
    const queue = this.queues.get(contact.skillset);
    if (!queue) return false;
    if (front) queue.unshift(contact.id);
    else queue.push(contact.id);
    return true;
  }

  remove(contact: Contact): void {
    const queue = this.queues.get(contact.skillset);
    const i = queue?.indexOf(contact.id) ?? -1;
    if (queue && i >= 0) queue.splice(i, 1);
  }

  includes(contact: Contact): boolean {
    return this.queues.get(contact.skillset)?.includes(contact.id) ?? false;
  }

  /** 1-based place of the contact in its queue; 0 when it is not queued. */
  position(contact: Contact): number {
    return (this.queues.get(contact.skillset)?.indexOf(contact.id) ?? -1) + 1;
  }

  size(skillset: string): number {
    return this.queues.get(skillset)?.length ?? 0;
  }

  /** A copy of the skillset's queue, head first. */
  ids(skillset: string): string[] {
    return [...(this.queues.get(skillset) ?? [])];
  }

  /** Skillsets with waiting contacts, the one whose head waited longest first. */
  waiting(queuedAt: (contactId: string) => number): string[] {
    return [...this.queues.entries()]
      .filter(([, q]) => q.length > 0)
      .sort(([, a], [, b]) => queuedAt(a[0]!) - queuedAt(b[0]!))
      .map(([name]) => name);
  }
}

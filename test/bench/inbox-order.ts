/**
 * Which customers' webhooks Parley stored in another order than the load sent them: read from its SQLite inbox
 * (processed rows are kept for the dedupe horizon) once the run is over. The bench's message ids end in the send's
 * index, so the stored order (`seq`) can be checked against the sent one per customer.
 */
import Database from 'better-sqlite3';

export function overtakenCustomers(dbFile: string, tag: string): Set<string> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select customer_key, event_id from messaging_inbox order by seq').all() as Array<{
      customer_key: string;
      event_id: string;
    }>;
    const sentIndex = new RegExp(`^${tag}-([0-9a-f]{8})$`);
    const latest = new Map<string, number>();
    const overtaken = new Set<string>();
    for (const { customer_key: customer, event_id: eventId } of rows) {
      const m = sentIndex.exec(eventId);
      if (!m?.[1]) continue;
      const i = Number.parseInt(m[1], 16);
      const before = latest.get(customer) ?? -1;
      if (i < before) overtaken.add(customer);
      latest.set(customer, Math.max(before, i));
    }
    return overtaken;
  } finally {
    db.close();
  }
}

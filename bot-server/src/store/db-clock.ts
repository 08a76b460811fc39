/** Epoch ms on the database's clock: leases and claims expire on it, so instances' clocks need not agree. */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './schema.js';

export function dbNow(dialect: Dialect): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
}

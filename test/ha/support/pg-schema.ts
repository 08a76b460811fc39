/** A fresh PostgreSQL schema per suite (the machine's database is shared): its URL, and a drop for the end. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const pgUrl = process.env['PARLEY_TEST_DATABASE_URL'];
export const redisUrl = process.env['PARLEY_TEST_REDIS_URL'];
export const SKIP_HA = 'PARLEY_TEST_DATABASE_URL and PARLEY_TEST_REDIS_URL are not both set';

export function freshSchema(base: string): { url: string; schema: string; drop: () => Promise<void> } {
  const schema = `parley_ha_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

/**
 * Durable, idempotent message appends with group commit.
 *
 * Appends that arrive in the same event-loop turn are written by ONE write, in the transaction the
 * store's other writes of that turn share (group-commit.ts: one fsync on SQLite FULL, one commit
 * round trip on PostgreSQL): one SELECT finds already-stored clientMsgIds, one UPDATE reserves k
 * consecutive seqs per conversation under the row locks (`last_seq = last_seq + k ... RETURNING`),
 * and one multi-row INSERT writes the messages. On PostgreSQL the conversation rows are locked in
 * id order first; a deadlock with another instance's batch (whose conversation updates lock rows
 * in their own order) aborts one of them, which is then retried write by write. Nothing is
 * acknowledged before the commit resolves.
 *
 * If the batch fails as a whole (e.g. another instance inserted the same clientMsgId between our
 * SELECT and INSERT, a unique violation that aborts the transaction), it is rolled back and every
 * item is retried alone, where the race is resolved by re-reading the winner's row.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from '@parley/protocol';
import { sql, type Kysely } from 'kysely';
import type { AppendMessageInput, AppendResult } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { isUniqueViolation } from './db-errors.js';
import { appendWritesOf, gatheredEach } from './group-commit.js';
import { toMessage, writeJson } from './rows.js';
import type { Database, MessagesTable } from './schema.js';

/** Durable, idempotent appends, group-committed with the store's other writes (group-commit.ts). */
export class AppendBatcher {
  private readonly gathered: (input: AppendMessageInput) => Promise<AppendResult>;

  /**
   * @param lockInOrder lock a batch's conversation rows in id order before updating them; needed
   *   where several writers run concurrently (PostgreSQL), pointless on single-writer SQLite.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { lockInOrder: boolean },
  ) {
    this.gathered = gatheredEach<AppendMessageInput, AppendResult>(appendWritesOf(db), (inputs, trx) =>
      appendBatch(trx, options.lockInOrder, inputs),
    );
  }

  /** Appends of one event-loop turn share one multi-row write; if that write fails as a whole, each is retried alone. */
  append(input: AppendMessageInput): Promise<AppendResult> {
    return this.gathered(input).catch((err: unknown) => {
      if (err instanceof ParleyError) throw err;
      return appendOne(this.db, this.options.lockInOrder, input);
    });
  }
}

type Outcome = AppendResult | ParleyError;

async function appendBatch(
  trx: Kysely<Database>,
  lockInOrder: boolean,
  inputs: readonly AppendMessageInput[],
): Promise<Outcome[]> {
  const outcomes: Array<Outcome | undefined> = new Array<Outcome | undefined>(inputs.length);
  const existing = await findExisting(trx, inputs);
  const firstOfKey = new Map<string, number>();
  const fresh = new Map<string, number[]>(); // conversation -> indexes of inputs to insert, in arrival order
  inputs.forEach((input, i) => {
    if (input.clientMsgId !== undefined) {
      const key = pairKey(input.conversationId, input.clientMsgId);
      const stored = existing.get(key);
      if (stored) return void (outcomes[i] = { message: stored, duplicate: true });
      if (firstOfKey.has(key)) return; // duplicate within this batch: answered once the first is written
      firstOfKey.set(key, i);
    }
    const list = fresh.get(input.conversationId);
    if (list) list.push(i);
    else fresh.set(input.conversationId, [i]);
  });

  const order = [...fresh.keys()].sort();
  const lastSeqs = await reserveSeqs(
    trx,
    lockInOrder,
    order.map((id) => [id, fresh.get(id)!.length]),
    Math.max(...inputs.map((i) => i.now)),
  );
  const rows: MessagesTable[] = [];
  for (const conversationId of order) {
    const indexes = fresh.get(conversationId)!;
    const last = lastSeqs.get(conversationId);
    if (last === undefined) {
      for (const i of indexes) outcomes[i] = new ParleyError('PARLEY_ERR_NOT_FOUND', 'Unknown conversation.');
      continue;
    }
    let seq = last - indexes.length;
    for (const i of indexes) {
      const row = messageRow(inputs[i]!, ++seq);
      rows.push(row);
      outcomes[i] = { message: toMessage(row), duplicate: false };
    }
  }
  if (rows.length > 0) await trx.insertInto('messages').values(rows).execute();

  return inputs.map((input, i) => {
    const outcome = outcomes[i];
    if (outcome) return outcome;
    const first = outcomes[firstOfKey.get(pairKey(input.conversationId, input.clientMsgId!))!]!;
    return first instanceof ParleyError ? first : { message: first.message, duplicate: true };
  });
}

/**
 * Reserves `k` consecutive seqs for each conversation in one statement:
 * `UPDATE conversations SET last_seq = last_seq + CASE id WHEN .. THEN k .. END WHERE id IN (..)
 * RETURNING id, last_seq`. Returns conversation -> new last_seq; unknown conversations are absent.
 * With `lockInOrder` (PostgreSQL, several conversations) the rows are first locked in id order so
 * that two instances' batches cannot deadlock. `entries` must be sorted by id.
 */
async function reserveSeqs(
  trx: Kysely<Database>,
  lockInOrder: boolean,
  entries: Array<[string, number]>,
  now: number,
): Promise<Map<string, number>> {
  if (entries.length === 0) return new Map();
  const ids = entries.map(([id]) => id);
  if (lockInOrder && entries.length > 1) {
    await trx.selectFrom('conversations').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  }
  // Counts as parameters, not literals: the SQL text then depends on the number of conversations only, so its
  // prepared statement is reused (with literals nearly every batch was a new text to prepare, and pushed the
  // store's other statements out of the cache). Cast, as PostgreSQL would otherwise type the CASE as text.
  const delta =
    entries.length === 1
      ? sql.lit(entries[0]![1])
      : sql`case id ${sql.join(
          entries.map(([id, k]) => sql`when ${id} then cast(${k} as integer)`),
          sql` `,
        )} end`;
  const rows = await trx
    .updateTable('conversations')
    .set({ last_seq: sql<number>`last_seq + ${delta}`, updated_at: now })
    .where('id', 'in', ids)
    .returning(['id', 'last_seq'])
    .execute();
  return new Map(rows.map((r) => [r.id, r.last_seq]));
}

/** The single-append path, used when a batch had to be retried item by item. */
async function appendOne(db: Kysely<Database>, lockInOrder: boolean, input: AppendMessageInput): Promise<AppendResult> {
  try {
    const [outcome] = await db.transaction().execute((trx) => appendBatch(trx, lockInOrder, [input]));
    if (outcome instanceof ParleyError) throw outcome;
    return outcome!;
  } catch (err) {
    // Lost a race with a concurrent append of the same clientMsgId: ours rolled back (no seq
    // was consumed); the winner's row is the answer.
    if (input.clientMsgId !== undefined && isUniqueViolation(err)) {
      const stored = (await findExisting(db, [input])).get(pairKey(input.conversationId, input.clientMsgId));
      if (stored) return { message: stored, duplicate: true };
    }
    throw err;
  }
}

async function findExisting(
  db: Kysely<Database>,
  inputs: readonly AppendMessageInput[],
): Promise<Map<string, Message>> {
  const wanted = inputs.filter((i) => i.clientMsgId !== undefined);
  const found = new Map<string, Message>();
  if (wanted.length === 0) return found;
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where((eb) =>
      eb(
        eb.refTuple('conversation_id', 'client_msg_id'),
        'in',
        wanted.map((i) => eb.tuple(i.conversationId, i.clientMsgId!)),
      ),
    )
    .execute();
  for (const row of rows) found.set(pairKey(row.conversation_id, row.client_msg_id!), toMessage(row));
  return found;
}

const pairKey = (conversationId: string, clientMsgId: string) => `${conversationId}\u0000${clientMsgId}`;

function messageRow(input: AppendMessageInput, seq: number): MessagesTable {
  return {
    id: randomUUID(),
    conversation_id: input.conversationId,
    seq,
    client_msg_id: input.clientMsgId ?? null,
    author_role: input.author.role,
    author_id: input.author.id ?? null,
    author_name: input.author.name ?? null,
    content: writeJson(input.content),
    content_type: input.content.type,
    channel: input.channel,
    created_at: input.now,
  };
}

/** Post-chat surveys: one row per conversation; the summary groups them by agent and by skillset. */
import type { Kysely } from 'kysely';
import type { RatingSummary, SurveyStore } from '../../survey/model.js';
import type { Database } from '../schema.js';

export interface SurveysTable {
  conversation_id: string;
  rating: number;
  comment: string;
  agent_id: string | null;
  agent_name: string | null;
  skillset: string | null;
  created_at: number;
}

type WithSurveys = Database & { surveys: SurveysTable };

type Row = Pick<SurveysTable, 'rating' | 'agent_id' | 'agent_name' | 'skillset'>;

/** Groups rows by `keyOf` (rows without a key are left out), best rated first, then by key. */
function summarise(rows: readonly Row[], keyOf: (r: Row) => string | null, nameOf: (r: Row) => string | null) {
  const groups = new Map<string, RatingSummary & { sum: number }>();
  for (const r of rows) {
    const key = keyOf(r);
    if (key === null) continue;
    const g = groups.get(key) ?? { key, name: nameOf(r), count: 0, average: 0, sum: 0, ratings: [0, 0, 0, 0, 0] };
    g.count += 1;
    g.sum += r.rating;
    g.ratings[r.rating - 1] = (g.ratings[r.rating - 1] ?? 0) + 1;
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ sum, ...g }) => ({ ...g, average: Math.round((sum / g.count) * 100) / 100 }))
    .sort((a, b) => b.average - a.average || a.key.localeCompare(b.key));
}

export function surveyQueries(base: Kysely<Database>): SurveyStore {
  const db = base.withTables<{ surveys: SurveysTable }>() as Kysely<WithSurveys>;
  return {
    async saveSurvey(rec) {
      const result = await db
        .insertInto('surveys')
        .values({
          conversation_id: rec.conversationId,
          rating: rec.rating,
          comment: rec.comment,
          agent_id: rec.agentId,
          agent_name: rec.agentName,
          skillset: rec.skillset,
          created_at: rec.createdAt,
        })
        .onConflict((oc) => oc.column('conversation_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async getSurvey(conversationId) {
      const r = await db
        .selectFrom('surveys')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        conversationId: r.conversation_id,
        rating: Number(r.rating),
        comment: r.comment,
        agentId: r.agent_id,
        agentName: r.agent_name,
        skillset: r.skillset,
        createdAt: Number(r.created_at),
      };
    },

    async surveySummary(since = 0, until = Number.MAX_SAFE_INTEGER) {
      const rows = (
        await db
          .selectFrom('surveys')
          .select(['rating', 'agent_id', 'agent_name', 'skillset'])
          .where('created_at', '>=', since)
          .where('created_at', '<', until)
          .execute()
      ).map((r) => ({ ...r, rating: Number(r.rating) }));
      const total = rows.reduce((s, r) => s + r.rating, 0);
      return {
        count: rows.length,
        average: rows.length ? Math.round((total / rows.length) * 100) / 100 : null,
        agents: summarise(
          rows,
          (r) => r.agent_id,
          (r) => r.agent_name,
        ),
        skillsets: summarise(
          rows,
          (r) => r.skillset,
          () => null,
        ),
      };
    },

    async recentSurveyComments(since, until, limit) {
      const rows = await db
        .selectFrom('surveys')
        .select(['rating', 'comment', 'agent_id', 'agent_name', 'skillset', 'created_at'])
        .where('created_at', '>=', since)
        .where('created_at', '<', until)
        .where('comment', '<>', '')
        .orderBy('created_at', 'desc')
        .orderBy('conversation_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        rating: Number(r.rating),
        comment: r.comment,
        agentId: r.agent_id,
        agentName: r.agent_name,
        skillset: r.skillset,
        createdAt: Number(r.created_at),
      }));
    },
  };
}

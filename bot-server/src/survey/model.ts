/** Post-chat surveys (CSAT): what a customer said of an agent chat, and the supervisors' summary of them. */

export interface SurveyRecord {
  conversationId: string;
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  rating: number;
  /** The customer's own words; empty when they gave none. */
  comment: string;
  /** The agent who last spoke in the chat, when one did. */
  agentId: string | null;
  agentName: string | null;
  skillset: string | null;
  createdAt: number;
}

/** How one agent or skillset was rated: how many surveys, the mean, and how many of each rating (1..5). */
export interface RatingSummary {
  key: string;
  name: string | null;
  count: number;
  average: number;
  ratings: [number, number, number, number, number];
}

export interface SurveySummary {
  count: number;
  average: number | null;
  agents: RatingSummary[];
  skillsets: RatingSummary[];
}

/** A customer's words as supervisors read them: which agent and skillset they rated, and when. */
export type SurveyComment = Omit<SurveyRecord, 'conversationId'>;

export interface SurveyStore {
  /** Stores a survey; false when the conversation already has one (a survey is given once). */
  saveSurvey(rec: SurveyRecord): Promise<boolean>;
  getSurvey(conversationId: string): Promise<SurveyRecord | undefined>;
  /** Every survey given from `since` (epoch ms) up to, not including, `until`, grouped by agent and by skillset. */
  surveySummary(since?: number, until?: number): Promise<SurveySummary>;
  /** The newest `limit` surveys with a comment in [since, until), newest first. */
  recentSurveyComments(since: number, until: number, limit: number): Promise<SurveyComment[]>;
}

export function isSurveyStore(store: object): store is SurveyStore {
  return typeof (store as Partial<SurveyStore>).saveSurvey === 'function';
}

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const COMMENT_MAX_CHARS = 1000;

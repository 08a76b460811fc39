/**
 * The post-chat survey over HTTP, beside the attachments API and authorised the same way (the conversation's
 * Bearer token): `GET /api/conversations/:id/survey` says whether it is offered and already given,
 * `POST /api/conversations/:id/survey {rating: 1..5, comment?}` stores it, once. Supervisors read
 * `GET /api/operator/surveys[?since=<epoch ms>]`, grouped per agent and per skillset (operator token).
 */
import express, { type Request } from 'express';
import { neutraliseText } from '@parley/protocol';
import { authorise } from '../attachments/routes.js';
import { dataOf } from '../domain/conversation-data.js';
import type { Clock, ConversationRecord, Store } from '../domain/ports.js';
import { ParleyError } from '../errors.js';
import { jsonBody } from './json-body.js';
import { COMMENT_MAX_CHARS, RATING_MAX, RATING_MIN, type SurveyRecord, type SurveyStore } from './model.js';
import type { FailedAttempts } from './failed-attempts.js';
import { operatorAuth } from './operator-auth.js';

export interface SurveyRouteDeps {
  store: Store & SurveyStore;
  clock: Clock;
  enabled: boolean;
  operatorTokens: readonly string[];
  /** Wrong operator tokens per address (429 past the budget). */
  attempts?: FailedAttempts;
  defaultSkillset: string;
}

/** The agent a survey rates: the last one who spoke; undefined when no agent took part. */
async function ratedAgent(store: Store, conversation: ConversationRecord) {
  const messages = await store.listMessages(conversation.id);
  const last = messages.findLast((m) => m.author.role === 'agent');
  return last && { id: last.author.id ?? null, name: last.author.name ?? null };
}

function readSurvey(body: unknown): { rating: number; comment: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const rating = b['rating'];
  const comment = b['comment'] ?? '';
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < RATING_MIN || rating > RATING_MAX)
    throw new ParleyError(
      'PARLEY_ERR_VALIDATION',
      `rating must be a whole number from ${RATING_MIN} to ${RATING_MAX}.`,
    );
  if (typeof comment !== 'string' || comment.length > COMMENT_MAX_CHARS)
    throw new ParleyError('PARLEY_ERR_VALIDATION', `comment must be text of at most ${COMMENT_MAX_CHARS} characters.`);
  return { rating, comment: neutraliseText(comment).trim() };
}

export function surveyRouter(d: SurveyRouteDeps): express.Router {
  const router = express.Router();
  const offered = async (req: Request<{ id: string }>) => {
    const conversation = await authorise(d.store, req);
    const agent = d.enabled && conversation.endedAt !== null ? await ratedAgent(d.store, conversation) : undefined;
    return { conversation, agent };
  };

  router.get('/conversations/:id/survey', async (req: Request<{ id: string }>, res) => {
    const { conversation, agent } = await offered(req);
    const given = agent !== undefined && (await d.store.getSurvey(conversation.id)) !== undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ offered: agent !== undefined && !given, given });
  });

  router.post('/conversations/:id/survey', ...jsonBody(), async (req: Request<{ id: string }>, res) => {
    const { rating, comment } = readSurvey(req.body);
    const { conversation, agent } = await offered(req);
    if (!agent)
      throw new ParleyError(
        'PARLEY_ERR_ILLEGAL_TRANSITION',
        'A survey is offered once a chat with an agent has ended.',
      );
    const rec: SurveyRecord = {
      conversationId: conversation.id,
      rating,
      comment,
      agentId: agent.id,
      agentName: agent.name,
      skillset: dataOf(conversation).skillset ?? d.defaultSkillset,
      createdAt: d.clock.now(),
    };
    if (!(await d.store.saveSurvey(rec)))
      throw new ParleyError('PARLEY_ERR_ILLEGAL_TRANSITION', 'This chat has already been rated.');
    res.status(201).json({ ok: true });
  });

  router.get('/operator/surveys', operatorAuth(d.operatorTokens, d.attempts), async (req, res) => {
    const since = Number(req.query['since'] ?? 0);
    if (!Number.isSafeInteger(since) || since < 0)
      throw new ParleyError('PARLEY_ERR_VALIDATION', 'since must be epoch milliseconds.');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await d.store.surveySummary(since));
  });

  return router;
}

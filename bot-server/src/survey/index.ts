/** The survey routes, when the store keeps surveys (every Kysely store does). */
import type express from 'express';
import type { Config } from '../config/index.js';
import type { Clock, Store } from '../domain/ports.js';
import { isSurveyStore } from './model.js';
import { surveyRouter } from './routes.js';

export function surveyRoutes(
  config: Config,
  deps: { store: Store; clock: Clock },
): Array<{ path: string; router: express.Router }> {
  const { store } = deps;
  if (!isSurveyStore(store)) return [];
  const router = surveyRouter({
    store,
    clock: deps.clock,
    enabled: config.aftercare.SURVEY_ENABLED,
    operatorTokens: config.aftercare.OPERATOR_TOKEN,
    defaultSkillset: config.ewc.DEFAULT_SKILLSET ?? 'WC_Default_Skillset',
  });
  return [{ path: '/api', router }];
}

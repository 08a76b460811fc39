/** The survey routes, when the store keeps surveys (every Kysely store does): the JSON API and the supervisors' page. */
import type express from 'express';
import type { Config } from '../config/index.js';
import type { Clock, Store } from '../domain/ports.js';
import type { Logger } from '../logger.js';
import { isSurveyStore } from './model.js';
import { FailedAttempts } from './failed-attempts.js';
import { surveyRouter } from './routes.js';
import { supervisorRouter } from './supervisor-routes.js';

/** Where supervisors read the survey figures in a browser. */
export const SUPERVISOR_PAGE_PATH = '/operator/surveys';

export function surveyRoutes(
  config: Config,
  deps: { store: Store; clock: Clock; logger: Logger },
): Array<{ path: string; router: express.Router }> {
  const { store } = deps;
  if (!isSurveyStore(store)) return [];
  const operatorTokens = config.aftercare.OPERATOR_TOKEN;
  const attempts = new FailedAttempts(() => deps.clock.now());
  const router = surveyRouter({
    store,
    clock: deps.clock,
    attempts,
    enabled: config.aftercare.SURVEY_ENABLED,
    operatorTokens,
    defaultSkillset: config.ewc.DEFAULT_SKILLSET ?? 'WC_Default_Skillset',
  });
  return [
    { path: '/api', router },
    {
      path: '/operator',
      router: supervisorRouter({ store, clock: deps.clock, operatorTokens, logger: deps.logger, attempts }),
    },
  ];
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSurveyStore, type SurveyRecord } from '../../survey/model.js';
import { T0, type ContractFixture } from './fixture.js';

export function surveysContract(f: ContractFixture): void {
  test('surveys: one per conversation, summarised per agent and per skillset', async () => {
    const { store } = f;
    assert.ok(isSurveyStore(store));
    // The summary covers every survey in the store; a "since" after the other suites' surveys isolates this test.
    const since = T0 + 10_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
    const survey = async (rating: number, agentId: string | null, skillset: string | null, comment = '') => {
      const rec: SurveyRecord = {
        conversationId: await f.conversation(),
        rating,
        comment,
        agentId,
        agentName: agentId ? `Agent ${agentId}` : null,
        skillset,
        createdAt: since + rating,
      };
      assert.equal(await store.saveSurvey(rec), true);
      return rec;
    };
    const first = await survey(5, '5001', 'WC_Billing', 'Quick and kind — merci ✓');
    await survey(3, '5001', 'WC_Sales');
    await survey(4, '5002', 'WC_Billing');
    await survey(1, null, null);

    assert.deepEqual(await store.getSurvey(first.conversationId), first);
    assert.equal(await store.saveSurvey({ ...first, rating: 1 }), false, 'a survey is given once');
    assert.equal((await store.getSurvey(first.conversationId))?.rating, 5);

    const summary = await store.surveySummary(since);
    assert.equal(summary.count, 4);
    assert.equal(summary.average, 3.25);
    assert.deepEqual(summary.agents, [
      { key: '5001', name: 'Agent 5001', count: 2, average: 4, ratings: [0, 0, 1, 0, 1] },
      { key: '5002', name: 'Agent 5002', count: 1, average: 4, ratings: [0, 0, 0, 1, 0] },
    ]);
    assert.deepEqual(summary.skillsets, [
      { key: 'WC_Billing', name: null, count: 2, average: 4.5, ratings: [0, 0, 0, 1, 1] },
      { key: 'WC_Sales', name: null, count: 1, average: 3, ratings: [0, 0, 1, 0, 0] },
    ]);
    assert.equal((await store.surveySummary(since + 100)).count, 0);
    assert.equal((await store.surveySummary(since, since + 4)).count, 2, 'until is exclusive: ratings 1 and 3');
    await survey(2, '5002', 'WC_Sales', 'Slow to answer');
    assert.deepEqual(await store.recentSurveyComments(since, since + 100, 10), [
      {
        rating: 5,
        comment: first.comment,
        agentId: '5001',
        agentName: 'Agent 5001',
        skillset: 'WC_Billing',
        createdAt: since + 5,
      },
      {
        rating: 2,
        comment: 'Slow to answer',
        agentId: '5002',
        agentName: 'Agent 5002',
        skillset: 'WC_Sales',
        createdAt: since + 2,
      },
    ]);
    assert.equal((await store.recentSurveyComments(since, since + 100, 1)).length, 1);
    assert.deepEqual(await store.recentSurveyComments(since, since + 5, 10), [
      {
        rating: 2,
        comment: 'Slow to answer',
        agentId: '5002',
        agentName: 'Agent 5002',
        skillset: 'WC_Sales',
        createdAt: since + 2,
      },
    ]);
  });
}

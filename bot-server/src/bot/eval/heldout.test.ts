import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUNDLED_FLOWS_DIR, loadFlow } from '../index.js';
import { loadHeldOut, trainingLeaks } from './heldout.js';

describe('held-out sets (flows/default/heldout)', () => {
  test('load, cover every row of the evaluation, and share nothing with training', async () => {
    const flow = await loadFlow(BUNDLED_FLOWS_DIR, 'default');
    const set = await loadHeldOut(flow);
    const labels = new Set(set.cases.map((c) => c.expected));
    for (const l of ['agent', 'none', 'faq.billing']) assert.ok(labels.has(l), l);
    assert.deepEqual(new Set(set.cases.map((c) => c.locale)), new Set(['en', 'fr']));
    assert.ok(set.situations.length >= 10);
    for (const c of set.cases)
      if (c.expected !== 'none') assert.ok(Object.hasOwn(flow.intents, c.expected), c.expected);
  });

  test('an utterance that is also a training example or keyword is refused', async () => {
    const flow = await loadFlow(BUNDLED_FLOWS_DIR, 'default');
    const leaks = trainingLeaks(flow, [
      { locale: 'en', text: 'Agent, please!', expected: 'agent' },
      { locale: 'en', text: 'human', expected: 'agent' },
      { locale: 'fr', text: 'agent please', expected: 'agent' },
    ]);
    assert.deepEqual(leaks, ['en: "Agent, please!" (trained for agent)', 'en: "human" (trained for agent)']);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TfidfFeatures } from './nlu-features.js';
import { blendScores, LinearModel } from './nlu-linear.js';
import { trainNlu } from './nlu.js';

const examples = [
  { text: 'change my password', intent: 'password' },
  { text: 'reset the password', intent: 'password' },
  { text: 'delete my account', intent: 'delete' },
  { text: 'remove the account for good', intent: 'delete' },
];
const words = (text: string): string[] => text.toLowerCase().split(/\s+/);

test('the linear model learns from words and character n-grams, and its probabilities sum to one', () => {
  const model = new LinearModel(
    examples,
    new TfidfFeatures(
      examples.map((e) => e.text),
      words,
    ),
  );
  const scores = model.scores('how do I change passwords');
  assert.ok((scores.get('password') ?? 0) > (scores.get('delete') ?? 0));
  const sum = [...scores.values()].reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9);
});

test('a blend picks the best weighted mean and reports the larger of the two scores for it', () => {
  const neural = [
    { intent: 'a', score: 0.6 },
    { intent: 'b', score: 0.4 },
  ];
  const linear = new Map(Object.entries({ a: 0.3, b: 0.7 }));
  assert.deepEqual(blendScores(neural, linear, 0.5), { intent: 'b', score: 0.7 });
  assert.deepEqual(blendScores(neural, linear, 0.2), { intent: 'a', score: 0.6 });
});

test('an NLU trained with the ensemble still classifies and still says None to unrelated text', async () => {
  const nlu = await trainNlu({ en: { examples, keywords: [] } }, { threshold: 0.6, ensemble: { weight: 0.5 } });
  assert.equal((await nlu.classify('en', 'please delete my account')).intent, 'delete');
  assert.equal((await nlu.classify('en', 'zzz qqq')).intent, 'None');
});

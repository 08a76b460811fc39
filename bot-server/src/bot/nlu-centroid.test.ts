import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CentroidModel, trainScorer } from './nlu-centroid.js';
import { TfidfFeatures } from './nlu-features.js';
import { trainNlu } from './nlu.js';

const examples = [
  { text: 'change my password', intent: 'password' },
  { text: 'reset the password', intent: 'password' },
  { text: 'delete my account', intent: 'delete' },
  { text: 'remove the account for good', intent: 'delete' },
];
const features = new TfidfFeatures(
  examples.map((e) => e.text),
  (text) => text.toLowerCase().split(/\s+/),
);
const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

test('the centroid model scores the intent whose sentences share the words, as probabilities', () => {
  const scores = new CentroidModel(examples, features).scores('I want to reset my password');
  assert.ok((scores.get('password') ?? 0) > 0.9, JSON.stringify([...scores]));
  assert.ok(Math.abs(sum(scores) - 1) < 1e-9);
  // A higher temperature flattens the same ranking.
  const flat = new CentroidModel(examples, features, 1).scores('I want to reset my password');
  assert.ok((flat.get('password') ?? 0) < (scores.get('password') ?? 0));
  assert.ok((flat.get('password') ?? 0) > (flat.get('delete') ?? 0));
});

test('"both" averages the logistic and centroid probabilities', () => {
  const text = 'remove my account';
  const logistic = trainScorer(examples, features, {}).scores(text);
  const centroid = trainScorer(examples, features, { model: 'centroid' }).scores(text);
  const both = trainScorer(examples, features, { model: 'both' }).scores(text);
  for (const intent of ['password', 'delete'])
    assert.ok(
      Math.abs((both.get(intent) ?? 0) - ((logistic.get(intent) ?? 0) + (centroid.get(intent) ?? 0)) / 2) < 1e-9,
    );
});

test("NLP.js's own settings reach its net and its stop words", async () => {
  const training = { en: { examples, keywords: [] } };
  const text = 'delete my account now';
  assert.equal((await (await trainNlu(training, { threshold: 0.5 })).classify('en', text)).intent, 'delete');
  // No training iterations leave every weight at zero: nothing scores, so the answer is None.
  const untrained = await trainNlu(training, { threshold: 0.5, neural: { network: { iterations: 0 } } });
  assert.equal((await untrained.classify('en', text)).intent, 'None');
  // With these as stop words the sentence keeps nothing of its intent.
  const stopped = await trainNlu(training, {
    threshold: 0.5,
    neural: { nlu: { keepStopwords: false }, stopwords: { en: ['delete', 'my', 'account'] } },
  });
  assert.notEqual((await stopped.classify('en', text)).intent, 'delete');
});

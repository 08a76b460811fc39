import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { BUNDLED_FLOWS_DIR, loadFlow, trainingOf } from './index.js';
import { ModelCache } from './nlu-cache.js';
import { trainNlu, type LocaleTraining, type Nlu } from './nlu.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-nlu-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const modelFiles = () => readdirSync(dir).filter((f) => f.endsWith('.json'));

/**
 * Every fifth example as written, shortened by its last word, and with its words reversed: known, partial and odd
 * input (all of them would take seconds to classify four times over).
 */
function probes(training: Readonly<Record<string, LocaleTraining>>): Array<[string, string]> {
  return Object.entries(training).flatMap(([locale, t]) =>
    t.examples
      .filter((_, i) => i % 5 === 0)
      .flatMap(({ text }) => {
        const words = text.split(' ');
        return [text, words.slice(0, -1).join(' '), [...words].reverse().join(' ')].map((p): [string, string] => [
          locale,
          p,
        ]);
      }),
  );
}
const answers = (nlu: Nlu, inputs: Array<[string, string]>) =>
  Promise.all(inputs.map(([locale, text]) => nlu.classify(locale, text)));

test('a model loaded from the cache, in memory or from disk, answers exactly as a freshly trained one', async () => {
  const training = trainingOf(await loadFlow(BUNDLED_FLOWS_DIR, 'default'));
  const inputs = probes(training);
  const fresh = await trainNlu(training, { cache: false });
  const cache = new ModelCache(dir);
  const first = await trainNlu(training, { cache });
  const again = await trainNlu(training, { cache });
  // A new process: nothing in memory, the file from the first run.
  const fromDisk = await trainNlu(training, { cache: new ModelCache(dir) });
  assert.deepEqual([fresh.trained, first.trained, again.trained, fromDisk.trained], [true, true, false, false]);
  assert.equal(modelFiles().length, 1);
  const expected = await answers(fresh, inputs);
  assert.ok(expected.some((r) => r.intent !== 'None') && expected.some((r) => r.intent === 'None'));
  for (const nlu of [first, again, fromDisk]) assert.deepEqual(await answers(nlu, inputs), expected);
});

test('a changed example, a new example or a changed setting trains again', async () => {
  const cache = new ModelCache(undefined);
  const examples = [
    { text: 'change my password', intent: 'password' },
    { text: 'reset the password', intent: 'password' },
    { text: 'delete my account', intent: 'delete' },
    { text: 'remove the account for good', intent: 'delete' },
  ];
  const en = (list: typeof examples) => ({ en: { examples: list, keywords: [] } });
  const base = await trainNlu(en(examples), { cache, threshold: 0.5 });
  assert.equal(base.trained, true);
  assert.equal((await trainNlu(en(examples), { cache, threshold: 0.5 })).trained, false);
  assert.notEqual((await base.classify('en', 'where is my parcel')).intent, 'parcel');

  const added = await trainNlu(en([...examples, { text: 'where is my parcel', intent: 'parcel' }]), {
    cache,
    threshold: 0.5,
  });
  assert.equal(added.trained, true);
  assert.equal((await added.classify('en', 'where is my parcel')).intent, 'parcel');

  const relabelled = await trainNlu(en([...examples.slice(0, 3), { ...examples[3]!, intent: 'password' }]), {
    cache,
    threshold: 0.5,
  });
  assert.equal(relabelled.trained, true);
  for (const options of [{ threshold: 0.7 }, { threshold: 0.5, neural: { network: { iterations: 0 } } }])
    assert.equal((await trainNlu(en(examples), { cache, ...options })).trained, true);
  // The first corpus's model is still there beside the others.
  assert.equal((await trainNlu(en(examples), { cache, threshold: 0.5 })).trained, false);
});

test('a damaged model file is trained again and replaced', async () => {
  const own = mkdtempSync(path.join(dir, 'damaged-'));
  const training = { en: { examples: [{ text: 'talk to a person', intent: 'agent' }], keywords: [] } };
  await trainNlu(training, { cache: new ModelCache(own) });
  const [file] = readdirSync(own);
  assert.ok(file);
  writeFileSync(path.join(own, file), '{"settings":');
  const retrained = await trainNlu(training, { cache: new ModelCache(own) });
  assert.equal(retrained.trained, true);
  assert.equal((await trainNlu(training, { cache: new ModelCache(own) })).trained, false);
});

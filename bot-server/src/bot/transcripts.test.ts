import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createBotEngine, BUNDLED_FLOWS_DIR, type ReloadableBotEngine } from './index.js';
import { loadTranscripts, runTranscript } from './transcript-runner.js';

const silent = { info() {}, warn() {}, error() {} };
const transcripts = await loadTranscripts(path.join(BUNDLED_FLOWS_DIR, 'default', 'tests'));

describe('default flow transcripts (flows/default/tests/*.yaml)', () => {
  let engine: ReloadableBotEngine;
  before(async () => {
    engine = await createBotEngine(
      { FLOWS_DIR: undefined, FLOWS_RELOAD: false, COMPANY_NAME: 'Northwind Energy' },
      silent,
      { now: () => Date.parse('2026-11-21T12:00:00Z') },
    );
  });
  after(() => engine.close());

  test('there are transcripts to run', () => assert.ok(transcripts.length >= 3));
  for (const { file, transcript, source } of transcripts) {
    test(`${path.basename(file)}: ${transcript.name}`, async () => {
      assert.deepEqual(await runTranscript(engine, transcript, source), []);
    });
  }

  test('a failure names the YAML file and line of the expectation that failed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-transcript-'));
    try {
      const yaml =
        'name: wrong on purpose\nsteps:\n  - say: hello\n  - say: how do I pay my bill\n    expect:\n      intent: faq.tariffs\n';
      await writeFile(path.join(dir, 'wrong.yaml'), yaml);
      const [loaded] = await loadTranscripts(dir);
      assert.ok(loaded);
      const failures = await runTranscript(engine, loaded.transcript, loaded.source);
      assert.equal(failures.length, 1);
      assert.match(failures[0] ?? '', /wrong\.yaml:6: step 2: expected intent faq\.tariffs, got faq\.billing$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

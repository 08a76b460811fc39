import assert from 'node:assert/strict';
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
  for (const { file, transcript } of transcripts) {
    test(`${path.basename(file)}: ${transcript.name}`, async () => {
      assert.deepEqual(await runTranscript(engine, transcript), []);
    });
  }
});

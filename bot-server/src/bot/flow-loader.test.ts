import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isParleyError } from '../errors.js';
import { loadFlow } from './flow-loader.js';
import { copyDefaultFlow, type FlowFixture } from './flow-fixtures.js';
import type { FlowProblem } from './yaml-source.js';

async function problemsOf(fx: FlowFixture): Promise<FlowProblem[]> {
  try {
    await loadFlow(fx.dir);
  } catch (err) {
    assert.ok(isParleyError(err), 'a ParleyError');
    assert.equal(err.code, 'PARLEY_ERR_FLOW');
    return err.detail as FlowProblem[];
  }
  assert.fail('the flow loaded although it is broken');
}

/** 1-based line where `snippet` starts in `text`. */
function lineOf(text: string, snippet: string): number {
  const at = text.indexOf(snippet);
  assert.ok(at >= 0, `fixture lacks ${snippet}`);
  return text.slice(0, at).split('\n').length;
}

function expectProblem(problems: FlowProblem[], file: string, line: number, pattern: RegExp): void {
  const hit = problems.find((p) => p.file.endsWith(file) && p.line === line && pattern.test(p.message));
  assert.ok(
    hit,
    `expected ${file}:${line} ${pattern}; got:\n${problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n')}`,
  );
}

describe('flow loader', () => {
  test('the bundled default flow is valid', async () => {
    const fx = await copyDefaultFlow();
    try {
      const flow = await loadFlow(fx.dir);
      assert.equal(flow.settings.start, 'welcome');
      assert.match(flow.version, /^[0-9a-f]{12}$/);
    } finally {
      await fx.remove();
    }
  });

  test('schema problems in every file are reported at once, each at its line', async () => {
    const fx = await copyDefaultFlow();
    try {
      await fx.edit('flow.yaml', '    skipWhenKnown: true', '    skipWhenKnwon: true');
      await fx.edit('flow.yaml', '  goodbye:\n    type: say', '  goodbye:\n    type: sya');
      await fx.edit('intents.yaml', '    tag: faq\n    examples:', '    tag: faq\n    answr: oops\n    examples:');
      await fx.edit('forms.yaml', '  message:\n', '  contact:\n    fields: []\n  message:\n');
      const problems = await problemsOf(fx);
      const flowText = await fx.read('flow.yaml');
      expectProblem(problems, 'flow.yaml', lineOf(flowText, 'skipWhenKnwon'), /unknown key "skipWhenKnwon"/);
      expectProblem(problems, 'flow.yaml', lineOf(flowText, 'type: sya'), /nodes\.goodbye\.type/);
      expectProblem(problems, 'intents.yaml', lineOf(await fx.read('intents.yaml'), 'answr'), /unknown key "answr"/);
      expectProblem(
        problems,
        'forms.yaml',
        lineOf(await fx.read('forms.yaml'), '  contact:\n    fields: []'),
        /unique/i,
      );
      assert.ok(problems.every((p) => p.line >= 1 && p.column >= 1));
    } finally {
      await fx.remove();
    }
  });

  test('reference problems are reported at once, each at its line', async () => {
    const fx = await copyDefaultFlow();
    try {
      await fx.edit('flow.yaml', 'goto: leave_message', 'goto: leave_mesage');
      await fx.edit('flow.yaml', '      fr: Comment puis-je vous aider ?\n', '');
      await fx.edit('flow.yaml', "We'll call you on {phone}.", "We'll call you on {phnoe}.");
      await fx.edit('flow.yaml', 'intent: faq.tariffs', 'intent: faq.tarifs');
      await fx.edit('flow.yaml', 'form: message', 'form: mesage');
      await fx.edit(
        'flow.yaml',
        '    next: menu\n\n  menu:',
        '    next: welcome_again\n\n  welcome_again:\n    type: goto\n    goto: welcome\n\n  menu:',
      );
      await fx.edit('flow.yaml', 'defaultLocale: en', 'defaultLocale: de');
      await fx.edit('intents.yaml', 'examples:\n      en: [bye,', 'examples:\n      en: [thanks, bye,');
      await fx.edit('forms.yaml', 'onlyWhen: { field: when, value: later }', 'onlyWhen: { field: when, value: soon }');
      const problems = await problemsOf(fx);
      const flowText = await fx.read('flow.yaml');
      expectProblem(
        problems,
        'flow.yaml',
        lineOf(flowText, 'goto: leave_mesage'),
        /unknown node "leave_mesage" \(did you mean "leave_message"\?\)/,
      );
      expectProblem(
        problems,
        'flow.yaml',
        lineOf(flowText, '  menu:\n    type: choice\n    text:') + 2,
        /missing "fr" text/,
      );
      expectProblem(problems, 'flow.yaml', lineOf(flowText, '{phnoe}'), /unknown variable \{phnoe\}/);
      expectProblem(problems, 'flow.yaml', lineOf(flowText, 'faq.tarifs'), /unknown intent "faq.tarifs"/);
      expectProblem(problems, 'flow.yaml', lineOf(flowText, 'form: mesage'), /unknown form "mesage"/);
      expectProblem(
        problems,
        'flow.yaml',
        lineOf(flowText, '  welcome:'),
        /endless loop without waiting for the customer: welcome -> welcome_again -> welcome/,
      );
      expectProblem(
        problems,
        'flow.yaml',
        lineOf(flowText, 'defaultLocale: de'),
        /defaultLocale "de" is not one of locales/,
      );
      expectProblem(
        problems,
        'intents.yaml',
        lineOf(await fx.read('intents.yaml'), '[thanks, bye,'),
        /"thanks" is also an example of intent "smalltalk.thanks"/,
      );
      expectProblem(
        problems,
        'forms.yaml',
        lineOf(await fx.read('forms.yaml'), 'value: soon'),
        /"soon" is not an option of field "when"/,
      );
      assert.equal(problems.length, 9, 'nothing else is reported');
    } finally {
      await fx.remove();
    }
  });

  test('YAML syntax errors are positioned', async () => {
    const fx = await copyDefaultFlow();
    try {
      await fx.edit('intents.yaml', '    tag: faq\n', '    tag: [faq\n');
      const line = lineOf(await fx.read('intents.yaml'), 'tag: [faq');
      const problems = await problemsOf(fx);
      assert.ok(
        problems.some((p) => p.file.endsWith('intents.yaml') && p.line >= line && p.line <= line + 2),
        JSON.stringify(problems, null, 1),
      );
    } finally {
      await fx.remove();
    }
  });

  test('a missing flow.yaml is a clear error', async () => {
    await assert.rejects(
      loadFlow('/nonexistent-parley-flows'),
      (err: unknown) => isParleyError(err) && /flow\.yaml:1:1: file not found/.test(err.message),
    );
  });
});

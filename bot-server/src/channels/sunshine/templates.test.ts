import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { isParleyError } from '../../errors.js';
import { canSend, onAgentAnswer } from './window.js';
import {
  buildTemplateMessage,
  loadTemplateCatalogue,
  parseTemplateCatalogue,
  parseTemplateCommand,
  type TemplateCatalogue,
} from './templates.js';

const SAMPLE = fileURLToPath(new URL('../../../flows/default/whatsapp-templates.yaml', import.meta.url));
const HOUR = 3_600_000;
const MINUTE = 60_000;
const T0 = Date.UTC(2025, 5, 2, 9, 0, 0);

const CATALOGUE = `templates:
  - title: "WTM: Sorry for the delay"
    name: delayed_reply
    namespace: communications
    language: en_US
    parameters: [customer_name]
    fallback: "Hello {{1}}, apologies for the delay."
  - title: "WTM: Hello"
    name: hello_world
    language: en_US
    fallback: "Hello from our team."
`;

function build(catalogue: TemplateCatalogue, text: string) {
  const command = parseTemplateCommand(text);
  assert.ok(command && 'name' in command, `not a command: ${text}`);
  return buildTemplateMessage(catalogue, command);
}

describe('template catalogue', () => {
  test('the sample catalogue loads', async () => {
    const c = await loadTemplateCatalogue(SAMPLE);
    assert.ok(c.templates.has('delayed_reply'));
    assert.equal((await loadTemplateCatalogue('/nonexistent/whatsapp-templates.yaml')).templates.size, 0);
  });

  test('problems are reported with file and line', () => {
    const bad = `templates:
  - title: Oops
    name: Bad-Name
    language: en_US
    fallback: "Hi {{2}}"
    colour: red
`;
    assert.throws(
      () => parseTemplateCatalogue('t.yaml', bad),
      (err: unknown) =>
        isParleyError(err) &&
        err.code === 'PARLEY_ERR_FLOW' &&
        /t\.yaml:3:11: templates\.0\.name: lowercase/.test(err.message) &&
        /t\.yaml:6:5: unknown key "colour"/.test(err.message),
    );
    assert.throws(
      () => parseTemplateCatalogue('t.yaml', CATALOGUE.replace('"Hello {{1}}', '"Hello {{3}}')),
      /t\.yaml:7:\d+: \{\{3\}\} has no parameter/,
    );
    assert.throws(() => parseTemplateCatalogue('t.yaml', 'templates: [\n'), /t\.yaml:\d+:\d+/);
  });
});

describe('/template command', () => {
  test('name and parameters, quoted ones with spaces', () => {
    assert.deepEqual(parseTemplateCommand('/template delayed_reply "Ada Lovelace"'), {
      name: 'delayed_reply',
      params: ['Ada Lovelace'],
    });
    assert.deepEqual(parseTemplateCommand("/TEMPLATE x a 'b c' d"), { name: 'x', params: ['a', 'b c', 'd'] });
    assert.equal(parseTemplateCommand('hello /template x'), undefined);
    assert.deepEqual(parseTemplateCommand('/template x "open'), { problem: 'a quoted parameter is not closed' });
    assert.ok(parseTemplateCommand('/template') && 'problem' in (parseTemplateCommand('/template') ?? {}));
  });

  test('the v1.1 shorthand, the v2 template content and the fallback the agent sees', () => {
    const r = build(parseTemplateCatalogue('t.yaml', CATALOGUE), '/template delayed_reply "Ada  Lovelace"');
    assert.ok(r.ok);
    assert.equal(r.message.fallbackText, 'Hello Ada Lovelace, apologies for the delay.');
    assert.deepEqual(r.message.bodies.v1, {
      role: 'appMaker',
      type: 'text',
      text:
        '&((namespace=[[communications]]template=[[delayed_reply]]fallback=[[Hello Ada Lovelace, apologies for the ' +
        'delay.]]language=[[en_US]]body_text=[[Ada Lovelace]]))&',
    });
    assert.deepEqual(r.message.bodies.v2, {
      author: { type: 'business' },
      schema: 'whatsapp',
      content: {
        type: 'template',
        template: {
          namespace: 'communications',
          name: 'delayed_reply',
          language: { policy: 'deterministic', code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada Lovelace' }] }],
        },
      },
    });
  });

  test('unknown names and wrong parameter counts are explained', () => {
    const c = parseTemplateCatalogue('t.yaml', CATALOGUE);
    const unknown = build(c, '/template nope');
    assert.ok(!unknown.ok && /Available: delayed_reply, hello_world/.test(unknown.words));
    const missing = build(c, '/template delayed_reply');
    assert.ok(!missing.ok && /\/template delayed_reply <customer_name>/.test(missing.words));
  });
});

describe("Oceana's WhatsApp template scenarios", () => {
  const catalogue = parseTemplateCatalogue('t.yaml', CATALOGUE);
  const regular = (lastCustomerAt: number, now: number) =>
    canSend({ channel: 'whatsapp', lastCustomerAt, now, sender: 'agent', kind: 'regular' });
  const template = (lastCustomerAt: number, now: number) =>
    canSend({ channel: 'whatsapp', lastCustomerAt, now, sender: 'agent', kind: 'template' });

  test('1: routed after more than 24 h: the agent is advised to use a template, no welcome, regular refused', () => {
    const answered = T0 + 25 * HOUR;
    const advice = onAgentAnswer('whatsapp', T0, answered);
    assert.equal(advice.welcome, false);
    assert.match(advice.advice ?? '', /template/);
    const r = regular(T0, answered + MINUTE);
    assert.ok(!r.allowed && r.reason === 'window_closed_template_required');
  });

  test('2: the agent replies with a template: it goes; regular messages wait until the customer replies', () => {
    const now = T0 + 26 * HOUR;
    assert.deepEqual(template(T0, now), { allowed: true });
    assert.ok(build(catalogue, '/template hello_world').ok);
    assert.equal(regular(T0, now + MINUTE).allowed, false);
    const customerReplied = now + 10 * MINUTE;
    assert.deepEqual(regular(customerReplied, customerReplied + MINUTE), { allowed: true });
  });

  test('3: a template then an immediate regular message: the template goes, the regular one is refused; templates may follow each other', () => {
    const now = T0 + 30 * HOUR;
    assert.deepEqual(template(T0, now), { allowed: true });
    assert.equal(regular(T0, now + 1000).allowed, false);
    assert.deepEqual(template(T0, now + 2000), { allowed: true });
    assert.deepEqual(template(T0, now + 3000), { allowed: true });
  });

  test('4: routed at 23 h 55, the agent answers after 5 more minutes: no advice at answer, but the send is refused', () => {
    const routed = T0 + 23 * HOUR + 55 * MINUTE;
    assert.deepEqual(onAgentAnswer('whatsapp', T0, routed), { welcome: true });
    assert.deepEqual(regular(T0, routed + 4 * MINUTE), { allowed: true });
    const late = regular(T0, routed + 5 * MINUTE + 1000);
    assert.ok(!late.allowed && /24 hours/.test(late.words));
  });
});

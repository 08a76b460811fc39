/**
 * After a chat with an agent, in Chromium on the demo site: the widget's lazily loaded after-chat pane asks for a
 * rating and a comment (stored, and in the supervisors' summary), saves the transcript as text and as a web page,
 * and e-mails it through a real SMTP peer (smtp-server). axe-core finds nothing in the pane.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { axeViolations } from '../../aacc-sim/src/testing/axe.js';
import { greetedCustomer } from './support/customer-page.js';
import { serverAndBrowser } from './support/e2e-server.js';

const OPERATOR = 'e2e-operator-token-0123456789abcdef';

const suite = serverAndBrowser({ OPERATOR_TOKEN: OPERATOR }, { smtp: true });

test('after an agent chat: survey, transcript download and e-mail, axe clean', { timeout: 240_000 }, async () => {
  const { chat, problems } = await greetedCustomer(suite.browser, suite.env.baseUrl, { acceptDownloads: true });
  await suite.env.sim.readyAgent('5001');
  await chat.askForHuman({ name: 'Rita Rater', phone: '07400 123477' });
  await chat.choose('Chat');
  const contact = await suite.env.sim.waitForContact(
    (c) => c.kind === 'chat' && c.customer.name === 'Rita Rater' && c.state === 'offered',
    "Rita's chat offered",
  );
  await suite.env.sim.call('answer', { agentId: '5001', contactId: contact.id });
  await chat.send('My <b>bill</b> is wrong');
  await suite.env.sim.call('say', { agentId: '5001', contactId: contact.id, text: 'Fixed: you will get a refund.' });
  await chat.waitForText('Fixed: you will get a refund.');
  await suite.env.sim.call('close', { agentId: '5001', contactId: contact.id });

  // The survey: a rating (radio group) and a comment; the answer is stored once and summarised for supervisors.
  const survey = chat.panel.getByRole('group', { name: 'How was your chat with our agent?' });
  await survey.waitFor();
  assert.deepEqual(await axeViolations(chat.page), [], 'axe on the after-chat pane');
  await survey.getByRole('radio', { name: '4 out of 5' }).check();
  await chat.panel.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind');
  await chat.panel.getByRole('button', { name: 'Send', exact: true }).click();
  await chat.panel.getByRole('status').filter({ hasText: 'Thank you for your feedback.' }).waitFor();
  const summary = (await (
    await fetch(`${suite.env.baseUrl}/api/operator/surveys`, { headers: { authorization: `Bearer ${OPERATOR}` } })
  ).json()) as { count: number; agents: Array<{ key: string; average: number }> };
  assert.equal(summary.count, 1);
  assert.deepEqual(
    summary.agents.map((a) => [a.key, a.average]),
    [['5001', 4]],
  );

  // The transcript as a file: text, then a web page whose markup is only the transcript's own.
  for (const [label, ext] of [
    ['Download as text', 'txt'],
    ['Download as a web page', 'html'],
  ] as const) {
    const download = chat.page.waitForEvent('download');
    await chat.panel.getByRole('button', { name: label }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), new RegExp(`^transcript-\\d{4}-\\d\\d-\\d\\d\\.${ext}$`));
    const body = await readFile(await file.path(), 'utf8');
    if (ext === 'txt') {
      assert.match(body, /You: My <b>bill<\/b> is wrong/);
      assert.match(body, /Agent Smith: Fixed: you will get a refund\./);
    } else {
      assert.match(body, /You<\/b><\/span><p dir="auto">My &lt;b&gt;bill&lt;\/b&gt; is wrong/);
      assert.match(body, /Agent Smith<\/b><\/span><p dir="auto">Fixed: you will get a refund\./);
    }
  }

  // By e-mail, through the SMTP server.
  const arrived = suite.smtp.next();
  await chat.panel.getByRole('textbox', { name: 'E-mail it to' }).fill('rita@example.com');
  await chat.panel.getByRole('button', { name: 'Send e-mail' }).click();
  await chat.panel.getByRole('status').filter({ hasText: 'Sent. Check your inbox.' }).waitFor();
  const mail = await arrived;
  assert.deepEqual(mail.to, ['rita@example.com']);
  assert.match(mail.raw, /Agent Smith: Fixed: you will get a refund\./);
  assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] });
});

/**
 * Show history against the real server: a visitor ends a conversation, starts a new one, reloads the page,
 * and finds the ended conversation again through "Show history" (the same visitor token, paged in over
 * `history.fetch`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newContext, watchProblems } from './support/browser.js';
import { CustomerPage } from './support/customer-page.js';
import { serverAndBrowser } from './support/e2e-server.js';

describe('Show history on the demo site (Chromium)', { timeout: 300_000 }, () => {
  const suite = serverAndBrowser();

  test('end a conversation, start a new one, reload, open history: the earlier conversation is there', async () => {
    const context = await newContext(suite.browser);
    const problems = await watchProblems(context);
    const chat = new CustomerPage(await context.newPage());
    await chat.goto(suite.env.baseUrl);
    await chat.open();
    await chat.waitForText('What can I help you with?');
    await chat.send('What are your opening hours?');
    await chat.waitForText('Monday to Friday');
    const first = (await chat.messages())[0]?.conversationId;

    await chat.panel.getByRole('button', { name: 'End chat', exact: true }).click();
    await chat.panel
      .getByRole('group', { name: 'End this conversation?' })
      .getByRole('button', { name: 'End chat' })
      .click();
    await chat.panel.getByRole('button', { name: 'Start a new conversation' }).click();
    await chat.log.getByText('What are your opening hours?').waitFor({ state: 'detached' });
    await chat.waitForText('What can I help you with?');

    // The panel was open: it comes back open after the reload.
    await chat.page.reload({ waitUntil: 'load' });
    await chat.log.waitFor({ state: 'visible' });
    await chat.waitForText('What can I help you with?');
    const current = await chat.messages();
    assert.ok(
      current.every((m) => m.conversationId !== first),
      'only the new conversation after the reload',
    );
    await chat.log.getByRole('button', { name: 'Show history' }).click();
    await chat.waitForText('What are your opening hours?');
    const all = await chat.messages();
    assert.ok(all.some((m) => m.conversationId === first && m.key === 'What are your opening hours?'));
    assert.ok(all.findIndex((m) => m.conversationId === first) < all.findIndex((m) => m.conversationId !== first));
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] });
    await context.close();
  });
});

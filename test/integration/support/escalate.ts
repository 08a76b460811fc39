/** The bot walk to a chat with an agent over the widget protocol: ask for a person, give the details, choose Chat. */
import assert from 'node:assert/strict';
import type { TestClient } from './ws-client.js';

export async function chooseChat(
  c: TestClient,
  name: string,
  send: (c: TestClient, content: unknown) => unknown,
  /** More answers to the details step, e.g. the optional email and consent box. */
  more: Readonly<Record<string, string>> = {},
): Promise<void> {
  await c.next('message', (f) => f.message.author.role === 'bot');
  send(c, { type: 'text', text: 'I want to talk to a human agent' });
  const form = await c.next('message', (f) => f.message.content.type === 'form');
  assert.ok(form.message.content.type === 'form');
  send(c, {
    type: 'form_response',
    formId: form.message.content.formId,
    values: { name, phone: '07911 123456', ...more },
  });
  const choice = await c.next(
    'message',
    (f) => f.message.content.type === 'text' && (f.message.content.actions ?? []).some((a) => a.label === 'Chat'),
  );
  const chat =
    choice.message.content.type === 'text'
      ? choice.message.content.actions?.find((a) => a.label === 'Chat')
      : undefined;
  assert.ok(chat && chat.type === 'postback');
  send(c, { type: 'postback', payload: chat.payload, label: chat.label });
}

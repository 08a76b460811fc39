import assert from 'node:assert/strict';
import type { ServerFrameOf } from '@parley/protocol';

/** The reply/postback action labelled `label` on a bot message. */
export function actionNamed(frame: ServerFrameOf<'message'>, label: string): { label: string; payload: string } {
  const content = frame.message.content;
  const actions = content.type === 'text' ? (content.actions ?? []) : [];
  const action = actions.find((a) => a.label === label);
  assert.ok(action && 'payload' in action && typeof action.payload === 'string', `the bot offers "${label}"`);
  return { label: action.label, payload: action.payload };
}

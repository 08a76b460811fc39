import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyViewPatch, type ConversationData } from './conversation-data.js';

const data: ConversationData = {
  locale: 'en',
  transferring: true,
  view: { queue: { position: 2 }, agents: [{ id: '5001' }] },
};

test('a view patch replaces what it names, removes what it nulls and keeps the rest', () => {
  assert.deepEqual(applyViewPatch(data, { queue: { position: 1 } }), {
    ...data,
    view: { ...data.view, queue: { position: 1 } },
  });
  assert.deepEqual(applyViewPatch(data, { queue: null, agents: [] }), { ...data, view: { agents: [] } });
  assert.deepEqual(applyViewPatch(data, { call: { id: 'c', status: 'ringing' } }).view?.call, {
    id: 'c',
    status: 'ringing',
  });
  assert.deepEqual(data.view?.queue, { position: 2 }, 'the input is not changed');
});

test('transferring is set, forgotten, or left as it was', () => {
  const { transferring: _t, ...without } = data;
  assert.deepEqual(applyViewPatch(data, { transferring: false }), without);
  assert.equal(applyViewPatch(without, { transferring: true }).transferring, true);
  assert.equal(applyViewPatch(data, {}).transferring, true);
  assert.equal('transferring' in applyViewPatch(without, {}), false);
});

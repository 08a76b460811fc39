import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS } from '@parley/protocol';
import { planContactCenterEvent, type ContactCenterSnapshot, type ContactCenterStep } from './contact-center-events.js';
import type { ContactCenterEvent } from './ports.js';

const conversationId = 'c-1';
const agent = { id: '5001', name: 'Ann Agent' };
const withAgent: ContactCenterSnapshot = { status: 'with_agent', transferring: false, sendAgentName: true };
const queued: ContactCenterSnapshot = { ...withAgent, status: 'queued' };

function plan(e: ContactCenterEvent, snap: ContactCenterSnapshot = withAgent): ContactCenterStep[] {
  return planContactCenterEvent(e, snap);
}

function stepTypes(steps: ContactCenterStep[]): string[] {
  return steps.map((s) => (s.type === 'machine' ? `machine:${s.event.type}` : s.type));
}

describe('contact-center event mapping', () => {
  test('a queue place is audited, kept in the view and run through the machine', () => {
    const steps = plan({ type: 'queued', conversationId, position: 3, estimatedWaitSeconds: 60 }, queued);
    assert.deepEqual(steps, [
      { type: 'audit', event: 'contact_center.queued', data: { position: 3 } },
      { type: 'patch_view', patch: { queue: { position: 3, estimatedWaitSeconds: 60 } } },
      { type: 'machine', event: { type: 'cc_queued', position: 3 }, ctx: { viewChanged: true } },
    ]);
  });

  test('a position below 1 (being offered to an agent) removes the queue place', () => {
    const steps = plan({ type: 'queued', conversationId, position: 0 }, queued);
    assert.deepEqual(steps[1], { type: 'patch_view', patch: { queue: null } });
  });

  test('an agent joining after a transfer is recorded, shown, and announced as taking over', () => {
    const steps = plan(
      { type: 'agent_joined', conversationId, agent: { ...agent, role: 'active_participant' }, participants: [agent] },
      { ...queued, transferring: true },
    );
    assert.deepEqual(steps.slice(1), [
      { type: 'add_agent', externalId: '5001', name: 'Ann Agent' },
      { type: 'patch_view', patch: { transferring: false, agents: [agent] } },
      {
        type: 'machine',
        event: { type: 'cc_agent_joined', participants: 1, afterTransfer: true },
        ctx: { notifyData: { agentName: 'Ann Agent' }, viewChanged: true },
      },
    ]);
  });

  test('agent names stay hidden when SEND_AGENT_NAME is off, but the participant keeps its name', () => {
    const steps = plan(
      { type: 'agent_joined', conversationId, agent, participants: [agent] },
      { ...queued, sendAgentName: false },
    );
    assert.deepEqual(steps[1], { type: 'add_agent', externalId: '5001', name: 'Ann Agent' });
    assert.deepEqual(steps[2], { type: 'patch_view', patch: { transferring: false, agents: [{ id: '5001' }] } });
    const last = steps[3];
    assert.ok(last?.type === 'machine');
    assert.deepEqual(last.ctx.notifyData, {});
  });

  test('the last agent leaving an open chat hands it on: transferring, no stale queue place', () => {
    const steps = plan({ type: 'agent_left', conversationId, agent, participants: [] });
    assert.deepEqual(steps[2], { type: 'patch_view', patch: { transferring: true, queue: null, agents: [] } });
    const left = plan({ type: 'agent_left', conversationId, agent, participants: [agent] });
    assert.deepEqual(left[2], { type: 'patch_view', patch: { agents: [agent] } });
  });

  test("an agent's message is posted idempotently on the provider's id, clipped, never blank", () => {
    const [step] = plan({ type: 'agent_message', conversationId, agent, text: '  Hello  ', at: 1, externalId: 'm-9' });
    assert.deepEqual(step, {
      type: 'machine',
      event: { type: 'cc_agent_message' },
      ctx: {
        agentMessage: {
          author: { role: 'agent', id: '5001', name: 'Ann Agent' },
          content: { type: 'text', text: 'Hello' },
          clientMsgId: 'cc:m-9',
        },
      },
    });
    const [odd] = plan({ type: 'agent_message', conversationId, agent, text: 'x', at: 1, externalId: 'not an id!' });
    assert.ok(odd?.type === 'machine' && odd.ctx.agentMessage?.clientMsgId === undefined);
    const [long] = plan({
      type: 'agent_message',
      conversationId,
      agent,
      text: 'a'.repeat(LIMITS.textMaxChars + 5),
      at: 1,
    });
    assert.ok(long?.type === 'machine' && long.ctx.agentMessage?.content.type === 'text');
    assert.equal(long.ctx.agentMessage.content.text.length, LIMITS.textMaxChars);
    assert.deepEqual(plan({ type: 'agent_message', conversationId, agent, text: '   ', at: 1 }), [
      { type: 'machine', event: { type: 'cc_agent_message' }, ctx: {} },
    ]);
  });

  test('a pushed page is the URL as text (a link card in the widget, inline elsewhere) when safe, else dropped', () => {
    const url = 'https://example.com/tariffs';
    const [safe] = plan({ type: 'page_push', conversationId, agent, url, at: 1 }).slice(1);
    assert.ok(safe?.type === 'machine');
    assert.deepEqual(safe.ctx.agentMessage?.content, { type: 'text', text: url });
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const unsafe = plan({ type: 'page_push', conversationId, agent, url: bad, at: 1 });
      assert.deepEqual(stepTypes(unsafe), ['audit', 'drop']);
    }
  });

  test('comfort messages and typing show only while they mean something', () => {
    assert.deepEqual(plan({ type: 'comfort', conversationId, text: 'Thanks for waiting' }, queued), [
      { type: 'post', author: { role: 'system' }, content: { type: 'text', text: 'Thanks for waiting' } },
    ]);
    assert.deepEqual(plan({ type: 'comfort', conversationId, text: 'Late' }, { ...queued, status: 'ended' }), []);
    assert.deepEqual(plan({ type: 'agent_typing', conversationId, agent }), [
      { type: 'typing', author: { role: 'agent', id: '5001', name: 'Ann Agent' } },
    ]);
    assert.deepEqual(plan({ type: 'agent_typing', conversationId, agent }, queued), []);
  });

  test('a connection outage is told once; failures and ends go straight to the machine', () => {
    assert.deepEqual(stepTypes(plan({ type: 'connection_lost', conversationId, attempt: 1, maxAttempts: 5 })), [
      'audit',
      'machine:cc_connection',
    ]);
    assert.deepEqual(stepTypes(plan({ type: 'connection_lost', conversationId, attempt: 2, maxAttempts: 5 })), [
      'audit',
    ]);
    assert.deepEqual(plan({ type: 'failed', conversationId, reason: 'no_agent' }), [
      { type: 'audit', event: 'contact_center.failed', data: { reason: 'no_agent' } },
      { type: 'machine', event: { type: 'cc_failed', reason: 'no_agent' }, ctx: {} },
    ]);
    assert.deepEqual(stepTypes(plan({ type: 'ended', conversationId, by: 'agent' })), ['audit', 'machine:cc_ended']);
    assert.deepEqual(stepTypes(plan({ type: 'connection_restored', conversationId })), [
      'audit',
      'machine:cc_connection',
    ]);
  });

  test('audit data carries no text and no names', () => {
    const steps = plan({ type: 'agent_left', conversationId, agent, participants: [agent] });
    assert.deepEqual(steps[0], {
      type: 'audit',
      event: 'contact_center.agent_left',
      data: { agentId: '5001', participants: 1 },
    });
    assert.equal(
      stepTypes(plan({ type: 'agent_message', conversationId, agent, text: 'hi', at: 1 }))[0],
      'machine:cc_agent_message',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isInvalidSession, outbound, parseInboundFrame } from './frames.js';

const parse = (value: unknown) => parseInboundFrame(typeof value === 'string' ? value : JSON.stringify(value));
const notification = (body: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: '1.0',
  type: 'notification',
  body,
  ...extra,
});

describe('parseInboundFrame: documented AACC frames', () => {
  test('requestChat notification with Web-On-Hold groups (sorted by sequence, empty groups dropped)', () => {
    const r = parse(
      notification({
        method: 'requestChat',
        guid: 654321,
        authenticationKey: 'bgc714f138g2236823hchc',
        webOnHoldComfortGroups: [
          {
            groupName: 'g',
            delay: 10,
            numberOfMessages: 2,
            messages: [
              { message: 'second', sequence: 2 },
              { message: 'first', sequence: 1 },
            ],
          },
          { groupName: 'empty', delay: 5, messages: [] },
        ],
        webOnHoldURLs: [
          { tag: 't', description: 'd', holdTime: 20, sequence: 1, urls: [{ url: 'https://example.com/a' }] },
        ],
        intrinsics: { name: 'echoed' },
      }),
    );
    assert.deepEqual(r, {
      ok: true,
      frame: {
        kind: 'chat_accepted',
        guid: 654321,
        authenticationKey: 'bgc714f138g2236823hchc',
        comfort: [{ delaySeconds: 10, messages: ['first', 'second'] }],
        urls: [{ holdTimeSeconds: 20, urls: ['https://example.com/a'] }],
      },
    });
  });

  test('newParticipant reads role ?? participantRole, ids as strings, and completes the subject from the list', () => {
    const r = parse(
      notification({
        method: 'newParticipant',
        agentId: 5002,
        displayName: 'Agent Jones',
        participantRole: 'passive_participant',
        numberOfParticipants: 1,
        participants: [
          { id: '5001', name: 'Agent Smith', type: 'active_participant' },
          { id: 5002, name: 'Agent Jones', type: 'passive_participant' },
        ],
      }),
    );
    assert.deepEqual(r, {
      ok: true,
      frame: {
        kind: 'participant_joined',
        agent: { id: '5002', name: 'Agent Jones', role: 'passive_participant' },
        participants: [
          { id: '5001', name: 'Agent Smith', role: 'active_participant' },
          { id: '5002', name: 'Agent Jones', role: 'passive_participant' },
        ],
      },
    });
  });

  test('participantLeave: endChatFlag and the remaining list', () => {
    const r = parse(notification({ method: 'participantLeave', agentId: '006', endChatFlag: false, participants: [] }));
    assert.deepEqual(r, {
      ok: true,
      frame: { kind: 'participant_left', agent: { id: '006' }, participants: [], endChat: false },
    });
    const end = parse(
      notification({ method: 'participantLeave', agentId: '006', endChatFlag: true, participants: [] }),
    );
    assert.equal(end.ok && end.frame.kind === 'participant_left' && end.frame.endChat, true);
  });

  test('agent newMessage, isTyping, newPushPageMessage, queueStatus, closeConversation, ping', () => {
    assert.deepEqual(
      parse(
        notification({
          method: 'newMessage',
          message: 'Vodka martini, please',
          displayName: 'Agent Smith',
          timestamp: 1551145811086,
        }),
      ),
      {
        ok: true,
        frame: {
          kind: 'agent_message',
          agent: { name: 'Agent Smith' },
          text: 'Vodka martini, please',
          at: 1551145811086,
        },
      },
    );
    assert.deepEqual(
      parse(notification({ method: 'isTyping', agentId: '5001', displayName: 'Agent Smith', isTyping: true })),
      {
        ok: true,
        frame: { kind: 'agent_typing', agent: { id: '5001', name: 'Agent Smith' }, typing: true },
      },
    );
    assert.deepEqual(
      parse(
        notification({
          method: 'newPushPageMessage',
          displayName: 'A',
          pagePushURL: 'https://www.avaya.com',
          pagePushDestination: 'newTab',
          timestamp: 5,
          message: 'x',
        }),
      ),
      {
        ok: true,
        frame: { kind: 'page_push', agent: { name: 'A' }, url: 'https://www.avaya.com', at: 5 },
      },
    );
    assert.deepEqual(parse(notification({ method: 'queueStatus', positionInQueue: 3, estimatedWaitTime: 90 })), {
      ok: true,
      frame: { kind: 'queue_status', position: 3, estimatedWaitSeconds: 90 },
    });
    // 0 = offered to an agent (e.g. during a transfer), not a place in the queue.
    assert.deepEqual(parse(notification({ method: 'queueStatus', positionInQueue: 0, estimatedWaitTime: 0 })), {
      ok: true,
      frame: { kind: 'queue_status', position: undefined, estimatedWaitSeconds: 0 },
    });
    assert.deepEqual(parse(notification({ method: 'closeConversation', result: true })), {
      ok: true,
      frame: { kind: 'close', result: true },
    });
    assert.deepEqual(parse(notification({ method: 'ping' })), { ok: true, frame: { kind: 'ping' } });
    assert.deepEqual(parse({ type: 'notification', body: { method: 'pong' } }), { ok: true, frame: { kind: 'ping' } });
    assert.deepEqual(parse({ type: 'acknowledgement', body: { method: 'ping' } }), {
      ok: true,
      frame: { kind: 'ping' },
    });
  });

  test('acknowledgements: accepted, result, and the lower-case fixture variant', () => {
    assert.deepEqual(
      parse({ apiVersion: '1.0', type: 'acknowledgement', body: { method: 'newMessage', accepted: true } }),
      { ok: true, frame: { kind: 'ack', method: 'newMessage', accepted: true } },
    );
    assert.deepEqual(
      parse({ apiVersion: '1.0', type: 'acknowledgement', body: { method: 'newmessage', result: true } }),
      { ok: true, frame: { kind: 'ack', method: 'newmessage', accepted: true } },
    );
    assert.deepEqual(
      parse({ apiVersion: '1.0', type: 'acknowledgement', body: { method: 'newMessage', accepted: false } }),
      { ok: true, frame: { kind: 'ack', method: 'newMessage', accepted: false } },
    );
  });

  test('errors with the failed method, or with method "error" (Koopid dispatch)', () => {
    const text = 'Unable to reconnect, session key is invalid or expired';
    const a = parse({ apiVersion: '1.0', type: 'error', body: { method: 'requestChat', code: 2, errorMessage: text } });
    assert.deepEqual(a, { ok: true, frame: { kind: 'error', method: 'requestChat', code: 2, message: text } });
    const b = parse({
      apiVersion: '1.0',
      type: 'notification',
      body: { method: 'error', code: 1, errorMessage: 'Invalid message: Chat not started' },
    });
    assert.deepEqual(b, {
      ok: true,
      frame: { kind: 'error', method: undefined, code: 1, message: 'Invalid message: Chat not started' },
    });
    assert.equal(isInvalidSession({ code: 2 }), true);
    assert.equal(isInvalidSession({ code: 500, message: text }), true);
    assert.equal(isInvalidSession({ code: 1, message: 'Invalid message: Chat not started' }), false);
  });
});

describe('parseInboundFrame: tolerance (docs/ewc-protocol.md, tolerance rules)', () => {
  test('numeric or missing apiVersion, extra and null fields, numeric-string guid', () => {
    const r = parse({
      apiVersion: 1,
      type: 'notification',
      data: {},
      body: {
        method: 'requestChat',
        guid: '42',
        authenticationKey: 'k',
        webOnHoldComfortGroups: null,
        customData: { x: 1 },
        workRequestId: null,
      },
    });
    assert.deepEqual(r, {
      ok: true,
      frame: { kind: 'chat_accepted', guid: 42, authenticationKey: 'k', comfort: [], urls: [] },
    });
    const noVersion = parse({
      type: 'notification',
      body: { method: 'isTyping', agentId: '1', displayName: null, isTyping: true, leaveReason: 'x' },
    });
    assert.deepEqual(noVersion, { ok: true, frame: { kind: 'agent_typing', agent: { id: '1' }, typing: true } });
  });

  test('unknown methods and types are reported as unknown, not errors', () => {
    assert.deepEqual(parse(notification({ method: 'routeCancel' })), {
      ok: true,
      frame: { kind: 'unknown', type: 'notification', method: 'routeCancel' },
    });
    assert.deepEqual(parse({ type: 'newChatAcknowledgement', body: { guid: 1 } }), {
      ok: true,
      frame: { kind: 'chat_acknowledged', guid: 1 },
    });
    assert.deepEqual(parse({ type: 'newChatAcknowledgement', body: { guid: '7' } }), {
      ok: true,
      frame: { kind: 'chat_acknowledged', guid: 7 },
    });
    assert.deepEqual(parse({ type: 'newChatAcknowledgement', body: {} }), {
      ok: true,
      frame: { kind: 'chat_acknowledged' },
    });
    assert.deepEqual(parse({ type: 'somethingElse', body: {} }), {
      ok: true,
      frame: { kind: 'unknown', type: 'somethingElse', method: undefined },
    });
  });

  test('malformed frames fail with a reason that carries no frame content', () => {
    const secret = 'Customer Jane Doe +441234567890';
    const cases: unknown[] = [
      '{not json',
      'null',
      '[]',
      { type: 'notification' },
      { type: 'notification', body: 'x' },
      notification({ method: 'newMessage', message: 42, displayName: secret }),
      notification({ method: 'requestChat', guid: 'abc', authenticationKey: secret }),
      notification({ method: 'newParticipant', participants: 'nope', displayName: secret }),
      notification({ method: 'newPushPageMessage', displayName: secret }),
      { type: 'acknowledgement', body: {} },
    ];
    for (const c of cases) {
      const r = parse(c);
      assert.equal(r.ok, false, JSON.stringify(c));
      if (!r.ok) assert.ok(!r.reason.includes('Jane') && !r.reason.includes('+44'), r.reason);
    }
  });
});

describe('outbound builders', () => {
  test('requestChat: new chat has null guid/key, resume carries them; apiVersion "1.0", type request', () => {
    const intrinsics = {
      name: 'Jane',
      email: '',
      country: '',
      area: '',
      phoneNumber: '',
      skillset: 'WC_Default_Skillset',
      customFields: [{ title: 'intent', value: 'billing' }],
    };
    assert.deepEqual(
      JSON.parse(outbound.requestChat({ deviceType: 'Parley/0.1.0', requestTranscript: false, intrinsics })),
      {
        apiVersion: '1.0',
        type: 'request',
        body: {
          method: 'requestChat',
          guid: null,
          authenticationKey: null,
          deviceType: 'Parley/0.1.0',
          requestTranscript: false,
          intrinsics,
        },
      },
    );
    const resumed = JSON.parse(
      outbound.requestChat({
        deviceType: 'd',
        requestTranscript: false,
        intrinsics,
        resume: { guid: 7, authenticationKey: 'k' },
      }),
    ) as { body: { guid: unknown; authenticationKey: unknown } };
    assert.equal(resumed.body.guid, 7);
    assert.equal(typeof resumed.body.guid, 'number');
    assert.equal(resumed.body.authenticationKey, 'k');
  });

  test('simple requests', () => {
    assert.deepEqual(JSON.parse(outbound.newMessage('hi "there"')), {
      apiVersion: '1.0',
      type: 'request',
      body: { method: 'newMessage', message: 'hi "there"' },
    });
    assert.deepEqual(bodyOf(outbound.isTyping()), { method: 'isTyping', isTyping: true });
    assert.deepEqual(bodyOf(outbound.queueStatus()), { method: 'queueStatus' });
    assert.deepEqual(bodyOf(outbound.closeConversation()), { method: 'closeConversation' });
    assert.deepEqual(bodyOf(outbound.ping()), { method: 'ping' });
  });
});

function bodyOf(frame: string): unknown {
  return (JSON.parse(frame) as { body: unknown }).body;
}

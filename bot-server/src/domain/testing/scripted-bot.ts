/**
 * A small deterministic BotEngine for tests of the orchestration (the real flow engine has its own
 * tests). Words it understands: "agent" (escalate chat), "call me" (escalate voice), "form" (open a
 * phone form), "bye" (end); anything else is echoed. It reacts to hand-back events by saying why.
 */
import type { Message } from '@parley/protocol';
import type { BotContext, BotEngine, BotInput, BotTurn } from '../ports.js';

export class ScriptedBot implements BotEngine {
  readonly inputs: BotInput[] = [];

  handle(ctx: BotContext, input: BotInput): Promise<BotTurn> {
    this.inputs.push(input);
    return Promise.resolve(this.turn(ctx, input));
  }

  private turn(ctx: BotContext, input: BotInput): BotTurn {
    const state = { flow: 'test', node: 'main', slots: {}, misunderstandings: 0, ...ctx.state };
    delete state.pendingForm;
    const say = (text: string) => ({ type: 'text' as const, text });
    switch (input.type) {
      case 'start':
        return { state, replies: [say('Hello! How can I help?')], actions: [] };
      case 'event':
        return {
          state,
          replies: [say(`bot back: ${input.name}${input.data?.['reason'] ? ` (${input.data['reason']})` : ''}`)],
          actions: [],
        };
      case 'postback':
        return { state, replies: [say(`postback ${input.payload}`)], actions: [] };
      case 'location':
        return { state, replies: [say(`location ${input.latitude},${input.longitude}`)], actions: [] };
      case 'form_response': {
        const phone = input.values['phone'] ?? '';
        if (!/^\+\d{8,15}$/.test(phone)) {
          return {
            state: { ...state, pendingForm: input.formId },
            replies: [],
            actions: [{ type: 'form_invalid', formId: input.formId, fields: { phone: 'invalid_phone' } }],
          };
        }
        return {
          state,
          replies: [say('Thanks.')],
          actions: [{ type: 'set_details', details: { phone, name: input.values['name'] ?? 'Test Customer' } }],
        };
      }
      case 'text': {
        const t = input.text.toLowerCase();
        if (t === 'agent')
          return {
            state,
            replies: [say('Connecting you to an agent.')],
            actions: [{ type: 'escalate', channel: 'chat' }],
            intent: { name: 'agent.request', score: 0.99 },
          };
        if (t === 'call me')
          return { state, replies: [say('We will call you.')], actions: [{ type: 'escalate', channel: 'voice' }] };
        if (t === 'call me later') {
          return {
            state,
            replies: [say('We will call you later.')],
            actions: [
              {
                type: 'escalate',
                channel: 'voice',
                details: { phone: '+447911123456', callAt: '2030-01-02T10:00:00.000Z' },
              },
            ],
          };
        }
        if (t === 'bye') return { state, replies: [say('Goodbye.')], actions: [{ type: 'end' }] };
        if (t === 'form') {
          return {
            state: { ...state, pendingForm: 'f1' },
            replies: [
              {
                type: 'form',
                formId: 'f1',
                fields: [{ name: 'phone', kind: 'phone', label: 'Phone', required: true }],
              },
            ],
            actions: [],
          };
        }
        return { state, replies: [say(`You said: ${input.text}`)], actions: [] };
      }
    }
  }

  summarize(_ctx: BotContext, transcript: readonly Message[]): string {
    return `${transcript.length} messages`;
  }
}

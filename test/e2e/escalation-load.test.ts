/**
 * 20 concurrent customers (protocol clients) served by 3 agents driven through the simulator's control API, over the
 * real EWC path: transcripts match on both sides, nothing stored twice. Its own file (and server) so the browser
 * scenarios of escalation.test.ts and this one run side by side within the per-file time limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WsCustomer } from '../support/ws-customer.js';
import { actionNamed } from './support/actions.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import type { SimContact } from './support/sim-client.js';

const AGENTS = ['5001', '5002', '5003'];

describe('escalation under load (20 customers, 3 agents)', () => {
  let env: E2eServer;

  before(async () => {
    env = await startE2eServer({ agentWaitInterval: '900000' });
  });

  after(async () => {
    await env?.stop();
  });

  test(
    'load: 20 concurrent customers served by 3 agents, transcripts match on both sides',
    { timeout: 600_000 },
    async (t) => {
      const started = Date.now();
      for (const agentId of AGENTS) await env.sim.readyAgent(agentId);
      const customers = Array.from({ length: 20 }, (_, i) => ({
        i,
        name: `Load Customer ${String.fromCharCode(65 + i)}`,
      }));
      const served = new Map<string, SimContact>();
      let stop = false;

      // Three agents driven through the control API: answer what is offered, greet, wait for the reply, close.
      const agentLoop = async (agentId: string) => {
        while (!stop) {
          const contacts = await env.sim.contacts();
          const offer = contacts.find((c) => c.kind === 'chat' && c.state === 'offered' && c.offeredTo === agentId);
          const active = contacts.filter(
            (c) => c.kind === 'chat' && c.state === 'active' && c.participants.some((p) => p.id === agentId),
          );
          if (offer) {
            await env.sim.call('answer', { agentId, contactId: offer.id });
            await env.sim.call('say', {
              agentId,
              contactId: offer.id,
              text: `agent ${agentId} greets ${offer.customer.name}`,
            });
          }
          for (const c of active) {
            if (c.transcript.some((t) => t.from === 'customer' && t.text === `thanks from ${c.customer.name}`)) {
              await env.sim.call('close', { agentId, contactId: c.id });
              served.set(c.customer.name, await env.sim.contact(c.id));
            }
          }
          // Wake on the next offer or customer message (the long poll ends early; null after 2 s re-checks).
          await env.sim.call('nextEvent', { types: ['contact_offered', 'customer_message'], timeoutMs: 2000 });
        }
      };
      const agentsDone = Promise.all(AGENTS.map(agentLoop));

      const runCustomer = async ({ name, i }: { name: string; i: number }) => {
        const ws = new WsCustomer(env.server.wsUrl, env.baseUrl);
        await ws.connect();
        try {
          const form = ws.next('message', (f) => f.message.content.type === 'form');
          await ws.say('can I speak to a real person?');
          const formId = ((await form).message.content as { formId: string }).formId;
          const choice = ws.next(
            'message',
            (f) => f.message.content.type === 'text' && /Talk to an agent using/.test(f.message.content.text),
          );
          await ws.say({
            type: 'form_response',
            formId,
            values: { name, phone: `+4474001235${String(i).padStart(2, '0')}` },
          });
          const chatAction = actionNamed(await choice, 'Chat');
          const greeted = ws.next('message', (f) => f.message.author.role === 'agent', 240_000);
          await ws.say({ type: 'postback', label: chatAction.label, payload: chatAction.payload });
          await greeted;
          await ws.say(`question from ${name}`);
          const ended = ws.next('conversation.view', (f) => f.view.status === 'ended', 240_000);
          await ws.say(`thanks from ${name}`);
          await ended;
          return ws;
        } catch (err) {
          await ws.close();
          throw err;
        }
      };
      let sockets: WsCustomer[] = [];
      try {
        sockets = await Promise.all(customers.map(runCustomer));
      } finally {
        stop = true;
        await agentsDone;
      }

      t.diagnostic(
        `${customers.length} customers served by ${AGENTS.length} agents in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      try {
        assert.equal(served.size, customers.length, 'every customer was served and closed by an agent');
        for (const ws of sockets) {
          const transcript = (await fetch(`${env.baseUrl}/api/conversations/${ws.conversationId}/transcript`, {
            headers: { authorization: `Bearer ${ws.token}` },
          }).then((r) => r.json())) as {
            messages: Array<{ author: { role: string }; content: { type: string; text?: string } }>;
          };
          const name = customers.find((c) =>
            transcript.messages.some((m) => m.content.text === `thanks from ${c.name}`),
          )?.name;
          assert.ok(name, 'the conversation belongs to one of the customers');
          const contact = served.get(name);
          assert.ok(contact, `${name} has a contact`);
          const agentSide = contact.transcript.filter((t) => t.from !== 'system').map((t) => `${t.from}:${t.text}`);
          const ourAgentTexts = transcript.messages
            .filter((m) => m.author.role === 'agent' && m.content.type === 'text')
            .map((m) => `agent:${m.content.text}`);
          const ourCustomerTexts = [`customer:question from ${name}`, `customer:thanks from ${name}`];
          assert.deepEqual(
            agentSide.filter((t) => t.startsWith('agent:')),
            ourAgentTexts,
            `${name}: agent messages match`,
          );
          assert.deepEqual(
            // The bot conversation reaches the agent as the chat's first customer messages; the customer typed the rest.
            agentSide.filter((t) => t.startsWith('customer:') && !t.startsWith('customer:Conversation with the bot (')),
            ourCustomerTexts,
            `${name}: customer messages match`,
          );
          const ours = transcript.messages
            .filter((m) => m.author.role === 'customer' && m.content.type === 'text')
            .map((m) => m.content.text);
          for (const text of [`question from ${name}`, `thanks from ${name}`])
            assert.equal(ours.filter((t) => t === text).length, 1, `${name}: "${text}" stored once`);
        }
      } finally {
        await Promise.all(sockets.map((s) => s.close()));
      }
    },
  );
});

/**
 * A French customer on a messaging channel (the profile's locale fr-FR), end to end through the aggregator simulator
 * and the real bot: the details form comes one question per message in French (the flow's French labels, Parley's
 * French confirmations, Oui / Passer / Non answers), an invalid phone gets the French kind retry, typed answers ("1",
 * "oui", "non", "chat", "Chat") pick as a tap does, and the system events reach the app in French. English customers are the other
 * messaging suites' (journeys.ts), unchanged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimEventOf } from '@parley/aggregator-sim';
import { nextFor, shownText, startHarness, type Harness } from './support/harness.js';

const buttons = (e: SimEventOf<'business_message'>): string[] =>
  ((e.message.content as { actions?: Array<{ text?: string }> }).actions ?? []).map((a) => a.text ?? '');

for (const apiVersion of ['v2', 'v1.1'] as const) {
  describe(`messaging channels in French (${apiVersion})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ apiVersion });
    });
    after(() => h.close());

    /** Says `text` and waits for the next message matching `match`. */
    const step = async (id: string, text: string, match: RegExp, what: string) => {
      const since = h.business.items.length;
      h.agg.control.say(id, text);
      return nextFor(h, id, match, what, since);
    };

    test('WhatsApp: the number is confirmed in French, an invalid one gets the French retry, "1" keeps it', async () => {
      const { id } = h.agg.control.createCustomer({
        channel: 'whatsapp',
        name: 'Amélie Poulain',
        phone: '+33612345678',
        locale: 'fr-FR',
      });
      await step(id, 'Bonjour', /Comment puis-je vous aider/, 'the French menu');
      const name = await step(
        id,
        'Parler à un conseiller',
        /^Votre nom : Amélie Poulain\nEst-ce bien cela \?/,
        'the name to confirm, in French',
      );
      assert.deepEqual(buttons(name), ['Oui'], 'a reply button in French');
      await step(id, 'oui', /^Numéro de téléphone : \+33 ?6/, 'the WhatsApp number to confirm');
      const retry = await step(id, '12', /^Désolé, ce numéro de téléphone ne semble pas utilisable/, 'the retry');
      assert.match(shownText(retry), /\n\nNuméro de téléphone : \+33/, 'then the same question again');
      assert.deepEqual(buttons(retry), ['Oui', 'Passer']);
      await step(id, '1', /^Adresse e-mail \(facultatif\)/, 'the optional e-mail, after "1" kept the number');
      const consent = await step(
        id,
        'Passer',
        /^Vous pouvez me contacter par e-mail à ce sujet \?\nRépondez Oui ou Non\.$/,
        'the consent question',
      );
      assert.deepEqual(buttons(consent), ['Oui', 'Non']);
      await step(id, 'peut-être', /^Répondez Oui ou Non\.\n\nVous pouvez me contacter/, 'the consent retry');
      const choice = await step(id, 'Non', /Échanger avec un conseiller par/, 'Chat | Téléphone');
      assert.deepEqual(buttons(choice), ['Chat', 'Téléphone']);
      await step(id, 'Chat', /^Connexion à un conseiller…$/, 'the escalation event, in French');
    });

    test('X: the answers typed ("1", "non", "chat") pick; a French national number is taken as French', async () => {
      const { id } = h.agg.control.createCustomer({ channel: 'twitter', name: 'Jean Valjean', locale: 'fr' });
      await step(id, 'Bonjour', /Comment puis-je vous aider/, 'the French menu');
      await step(id, 'Parler à un conseiller', /^Votre nom : Jean Valjean\nEst-ce bien cela/, 'the name to confirm');
      const phone = await step(id, '1', /^Numéro de téléphone \(facultatif\)$/, 'the phone question');
      assert.deepEqual(buttons(phone), ['Passer']);
      await step(id, '12', /^Désolé, ce numéro de téléphone ne semble pas utilisable/, 'the French retry');
      await step(id, '06 12 34 56 78', /^Adresse e-mail \(facultatif\)$/, 'a French number read as French');
      await step(id, '1', /^Vous pouvez me contacter.*\?\nRépondez Oui ou Non\.$/s, 'consent');
      await step(id, 'non', /Échanger avec un conseiller par/, 'Chat | Téléphone');
      await step(id, 'chat', /^Connexion à un conseiller…$/, 'the escalation event, in French');
    });
  });
}

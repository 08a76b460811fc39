/**
 * The words of a form asked one question per message (form-conversation.ts), in the customer's language: how a
 * question, a confirmation and a kind retry read, and the labels of the Yes, Skip and No answers. The questions
 * themselves (the field labels) come from the flow, already in the conversation's language. The French retries say
 * what the widget's French messages say (widget/src/i18n/fr.ts), in a sentence a chat can carry.
 */
import type { FormField } from '@parley/protocol';
import { inLanguage } from '../languages.js';
import type { FormWords } from './form-conversation.js';

type Retries = Readonly<Record<string, string>>;

const EN_RETRY: Retries = {
  name: "Sorry, I couldn't read that as a name. Could you type it again?",
  phone:
    "Sorry, that doesn't look like a phone number I can use. Could you type it again, with the country code if " +
    "it isn't a local number?",
  email: "Sorry, that doesn't look like an email address. Could you type it again?",
  datetime: "Sorry, I couldn't read that as a date and time. Could you try again, for example 14/03 10:30?",
  choice: 'Please pick one of the options.',
  checkbox: 'Please answer Yes or No.',
  text: "Sorry, I couldn't use that. Could you try again, a little shorter?",
};

const FR_RETRY: Retries = {
  name: 'Désolé, je n’ai pas pu lire ce nom. Pouvez-vous le retaper ?',
  phone:
    'Désolé, ce numéro de téléphone ne semble pas utilisable. Pouvez-vous le retaper, avec l’indicatif du pays ' +
    's’il ne s’agit pas d’un numéro local ?',
  email: 'Désolé, cette adresse e-mail ne semble pas valide. Pouvez-vous la retaper ?',
  datetime: 'Désolé, je n’ai pas compris cette date et cette heure. Pouvez-vous réessayer, par exemple 14/03 10:30 ?',
  choice: 'Choisissez l’une des options.',
  checkbox: 'Répondez Oui ou Non.',
  text: 'Désolé, je n’ai pas pu l’utiliser. Pouvez-vous réessayer, un peu plus court ?',
};

function retryIn(retries: Retries, required: (field: FormField) => string) {
  return (field: FormField, key: string): string =>
    key.endsWith('.required') ? required(field) : (retries[field.kind] ?? retries['text'] ?? '');
}

export const ENGLISH_FORM_WORDS: FormWords = {
  ask: (field) =>
    field.kind === 'checkbox'
      ? `${field.label}?\nPlease answer Yes or No.`
      : field.required
        ? field.label
        : `${field.label} (optional)`,
  confirm: (field, value) => `${field.label}: ${value}\nIs that right? Tap Yes, or type another.`,
  retry: retryIn(EN_RETRY, (field) => `I need this to go on: ${field.label}.`),
  keepLabel: 'Yes',
  skipLabel: 'Skip',
  yesLabel: 'Yes',
  noLabel: 'No',
};

/** French typography: a (narrow) space before ? and :, as the flow's own French does. */
export const FRENCH_FORM_WORDS: FormWords = {
  ask: (field) =>
    field.kind === 'checkbox'
      ? `${field.label.replace(/\s*\?$/, '')} ?\nRépondez Oui ou Non.`
      : field.required
        ? field.label
        : `${field.label} (facultatif)`,
  confirm: (field, value) => `${field.label} : ${value}\nEst-ce bien cela ? Touchez Oui, ou écrivez la bonne réponse.`,
  retry: retryIn(FR_RETRY, (field) => `J’en ai besoin pour continuer : ${field.label}.`),
  keepLabel: 'Oui',
  skipLabel: 'Passer',
  yesLabel: 'Oui',
  noLabel: 'Non',
};

/** The form words for a conversation's locale (en or fr by its language; English otherwise). */
export function formWords(locale: string | undefined): FormWords {
  return inLanguage(locale, { en: ENGLISH_FORM_WORDS, fr: FRENCH_FORM_WORDS });
}

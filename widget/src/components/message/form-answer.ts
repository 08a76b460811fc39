import type { ContentOf, FormField, Message } from '@parley/protocol';

/**
 * How the customer's own answer to a form reads in their bubble: one value per line, a choice by its label,
 * a time in their locale, a phone number in groups, instead of the values sent ("later",
 * "2026-12-03T10:30:00.000Z", "+447400123473"). Empty optional answers are left out.
 */
export function formAnswerText(
  answer: ContentOf<'form_response'>,
  messages: readonly Message[],
  dateTime: (epochMs: number) => string,
): string {
  const form = messages.find((m) => m.content.type === 'form' && m.content.formId === answer.formId)?.content as
    ContentOf<'form'> | undefined;
  const fields = new Map(form?.fields.map((f) => [f.name, f]));
  return Object.entries(answer.values)
    .map(([name, v]) => (v === '' ? '' : readable(fields.get(name), v, dateTime)))
    .filter((line) => line !== '')
    .join('\n');
}

function readable(field: FormField | undefined, value: string, dateTime: (epochMs: number) => string): string {
  switch (field?.kind) {
    case 'choice':
      return field.options?.find((o) => o.value === value)?.label ?? value;
    case 'datetime': {
      const at = Date.parse(value);
      return Number.isFinite(at) ? dateTime(at) : value;
    }
    case 'phone':
      return groupPhone(value);
    // A ticked consent reads as what was agreed to; an unticked one is left out like an empty answer.
    case 'checkbox':
      return value === 'yes' ? `✓ ${field.label}` : '';
    case 'text':
    case 'name':
    case 'email':
    case undefined:
      return value;
  }
}

/** Two-digit calling codes (ITU E.164 list); 1 and 7 have one digit, every other code three. */
const TWO_DIGIT_CODE = /^(2[07]|3[0-469]|4[0-13-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/;

/**
 * An E.164 number in readable groups: the calling code, then the national number (UK 4 + rest, France
 * and the like in pairs, North America 3-3-4, otherwise threes with the last group taking up to four
 * digits). Display only: anything that is not E.164 is shown as typed.
 */
export function groupPhone(value: string): string {
  const digits = /^\+(\d{7,15})$/.exec(value)?.[1];
  if (!digits) return value;
  const ccLength = /^[17]/.test(digits) ? 1 : TWO_DIGIT_CODE.test(digits) ? 2 : 3;
  const cc = digits.slice(0, ccLength);
  const national = digits.slice(ccLength);
  let groups: string[];
  if (cc === '44') groups = [national.slice(0, 4), national.slice(4)];
  else if (cc === '1' && national.length === 10)
    groups = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
  else if (cc === '33' && national.length === 9)
    groups = [national.slice(0, 1), ...(national.slice(1).match(/\d\d/g) ?? [])];
  else groups = threes(national);
  return `+${cc} ${groups.filter(Boolean).join(' ')}`;
}

/** Threes from the left; a lone last digit joins the group before it. */
function threes(digits: string): string[] {
  const groups = digits.match(/\d{1,3}/g) ?? [];
  const last = groups.at(-1);
  if (groups.length > 1 && last?.length === 1) groups.splice(-2, 2, `${groups.at(-2) ?? ''}${last}`);
  return groups;
}

/** The bot's own validators for a form asked one question at a time, so a phone is normalised as in the widget. */
import type { FormField } from '@parley/protocol';
import { validateField, type FieldRule } from '../../bot/validators.js';
import type { Zone } from '../../time/zone.js';
import type { FieldValidator } from '../sunshine/form-conversation.js';

export function formFieldValidator(opts: {
  defaultCountry: string;
  zone: Zone;
  now: () => number;
  maxFutureMs: number;
}): FieldValidator {
  return (field: FormField, raw: string) => {
    const rule: FieldRule = {
      name: field.name,
      kind: field.kind,
      required: field.required,
      ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
      ...(field.options ? { options: field.options.map((o) => o.value) } : {}),
    };
    return validateField(rule, raw, {
      defaultCountry: field.defaultCountry ?? opts.defaultCountry,
      now: opts.now(),
      zone: opts.zone,
      maxFutureMs: opts.maxFutureMs,
    });
  };
}

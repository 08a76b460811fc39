/** A flow form as the card the customer fills in, and its fields as validation rules. */
import type { Content, FormField } from '@parley/protocol';
import type { FieldDef, FormDef, LocalText } from './flow-schema.js';
import { examplePhone } from './phone-example.js';
import { renderTemplate } from './template.js';
import type { FieldRule } from './validators.js';

export function formCard(
  formId: string,
  form: FormDef,
  text: (t: LocalText) => string,
  vars: Readonly<Record<string, string>>,
  country: string,
): Content {
  const fields: FormField[] = form.fields.map((f) => {
    const value = f.value !== undefined ? renderTemplate(f.value, vars) : undefined;
    // A phone field shows a valid number of the customer's default country unless the flow says otherwise.
    const placeholder = f.placeholder ? text(f.placeholder) : f.kind === 'phone' ? examplePhone(country) : undefined;
    return {
      name: f.name,
      kind: f.kind,
      label: renderTemplate(text(f.label), vars),
      required: f.required,
      ...(placeholder ? { placeholder } : {}),
      ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
      ...(value ? { value } : {}),
      ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: text(o.label) })) } : {}),
      ...(f.kind === 'phone' ? { defaultCountry: country } : {}),
      ...(f.onlyWhen ? { onlyWhen: { field: f.onlyWhen.field, value: f.onlyWhen.value } } : {}),
    };
  });
  return {
    type: 'form',
    formId,
    fields,
    ...(form.title ? { title: text(form.title) } : {}),
    ...(form.submit ? { submitLabel: text(form.submit) } : {}),
  };
}

/** Who the customer is and what they agreed to belong with the customer's details; other answers to this conversation. */
export function saveTarget(f: FieldDef): 'details' | 'slot' {
  const detail = f.kind === 'name' || f.kind === 'phone' || f.kind === 'email' || f.kind === 'checkbox';
  return f.save ?? (detail ? 'details' : 'slot');
}

export function toRule(f: FieldDef): FieldRule {
  return {
    name: f.name,
    kind: f.kind,
    required: f.required,
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.options ? { options: f.options.map((o) => o.value) } : {}),
    ...(f.onlyWhen ? { onlyWhen: f.onlyWhen } : {}),
  };
}

/** Variables as the customer reads them: datetime values (stored as UTC ISO) become local date labels. */
export function shownVariables(
  vars: Record<string, string>,
  forms: Readonly<Record<string, FormDef>>,
  label: (at: number) => string,
): Record<string, string> {
  for (const form of Object.values(forms))
    for (const f of form.fields) {
      const at = f.kind === 'datetime' && vars[f.name] ? Date.parse(vars[f.name]!) : Number.NaN;
      if (Number.isFinite(at)) vars[f.name] = label(at);
    }
  return vars;
}
